# Totem: textos de la pantalla, español (idioma por omisión).
# Cada mensaje tiene su par en en.ftl; otro idioma es otro archivo como este.

language-name = Español

## Comunes
back = Volver
cancel = Cancelar
continue = Continuar
finish = Terminar
step = Paso { $index } de { $total }
# The aids in the page frame and on the attract screen (A+ shows the size it goes to).
aid-text = Texto { $percent } %
aid-contrast = Contraste
aid-seated = Sentado
seated-above = Modo sentado: todo lo que se toca está más abajo.

## Pantalla de espera
attract-title = Registro Civil
attract-subtitle = Tótem de autoatención
attract-hint-1 = Obtenga su ClaveÚnica por primera vez
attract-hint-2 = Recupere su ClaveÚnica si la olvidó
attract-hint-3 = Imprima certificados gratuitos al instante
attract-hint-4 = Solo necesita su cédula de identidad y su huella
attract-touch = Toque la pantalla para comenzar

## Idioma
language-title = Elija su idioma
language-subtitle = Choose your language

## Menú
menu-title = ¿Qué desea hacer?
menu-first-issue = Obtener ClaveÚnica (primera vez)
menu-first-issue-hint = Desde los 14 años, con su cédula y su huella
menu-recover = Recuperar ClaveÚnica
menu-recover-hint = Si la olvidó o la bloqueó
menu-certificates = Certificados gratuitos
menu-certificates-hint = Nacimiento, matrimonio, antecedentes y otros
menu-offline = Sin conexión con el Registro Civil: por ahora no podemos atenderle en este tótem.

## Servicios que faltan
missing-scanner = No disponible: el lector de cédula no funciona
missing-fingerprint = No disponible: el lector de huellas no funciona
missing-backend = No disponible: sin conexión con el Registro Civil
missing-printer = No disponible: la impresora no funciona

## Identificación
card-title = Acerque su cédula al lector
card-hint = Ponga el código QR de su cédula frente al lector, bajo la pantalla, a la derecha.
card-unreadable = No pudimos leer su cédula. Retírela y acérquela de nuevo.
finger-title = Ponga su dedo índice en el lector
finger-hint = El lector de huellas está bajo la pantalla, a la izquierda.
# The finger the registry matches, when its card check names it
finger-title-named = Ponga su dedo { $finger } en el lector
finger-name-right-thumb = pulgar derecho
finger-name-right-index = índice derecho
finger-name-right-middle = medio derecho
finger-name-right-ring = anular derecho
finger-name-right-little = meñique derecho
finger-name-left-thumb = pulgar izquierdo
finger-name-left-index = índice izquierdo
finger-name-left-middle = medio izquierdo
finger-name-left-ring = anular izquierdo
finger-name-left-little = meñique izquierdo
finger-waiting = Esperando su dedo…
finger-reading = Leyendo su huella: no mueva el dedo
finger-lift = Levante el dedo y vuelva a ponerlo
finger-firmer = Imagen poco clara: presione un poco más firme
finger-no-match = La huella no coincide. { $remaining ->
    [one] Le queda { $remaining } intento.
   *[other] Le quedan { $remaining } intentos.
}

## Esperas
working-card = Verificando su cédula…
working-finger = Verificando su huella…
working-key = Solicitando su código de activación…
working-activating = Activando su ClaveÚnica…
working-certificate = Emitiendo su certificado…
working-hint = Espere un momento, por favor.
service-failed = El Registro Civil no respondió. Toque Continuar para intentar de nuevo.

## Correo
email-title = Su correo electrónico
email-hint = Lo usaremos solo para que pueda recuperar su ClaveÚnica.
email-example = Por ejemplo: nombre@correo.cl

## Código de activación
code-show-title = Su código de activación
code-show-hint = Anótelo o imprímalo: lo escribirá en el paso siguiente.
code-print = Imprimir código
code-slip-printing = Imprimiendo su código…
code-entry-title = Escriba su código de activación
code-entry-hint = Son 6 letras.
code-wrong = Código incorrecto. { $remaining ->
    [one] Le queda { $remaining } intento.
   *[other] Le quedan { $remaining } intentos.
}

## Clave nueva
password-title = Crear su clave ahora
password-first = Nueva clave
password-again = Repita la clave
password-show = Mostrar
password-hide = Ocultar
password-rejected = El Registro Civil no aceptó esa clave. Elija otra.
rule-length = Al menos 8 caracteres
rule-upper = Una letra mayúscula
rule-lower = Una letra minúscula
rule-digit = Un número
rule-match = Las dos claves son iguales
password-activate = Activar mi ClaveÚnica

## Listo
done-title = Su ClaveÚnica está activa
done-body = Con ella puede hacer trámites de muchas instituciones del Estado, en línea y sin filas.
done-hint = No comparta su clave con nadie.

## Certificados
families-title = Elija el certificado
family-nacimiento = Nacimiento
family-matrimonio = Matrimonio
family-defuncion = Defunción
family-antecedentes = Antecedentes
family-hoja-de-vida-conductor = Hoja de vida del conductor
family-union-civil = Acuerdo de Unión Civil
family-personas-juridicas = Personas jurídicas sin fines de lucro
family-discapacidad = Registro Nacional de la Discapacidad
purposes-title = ¿Para qué lo necesita?
holder-only = Solo para usted: con su cédula y su huella
run-title = ¿De quién es el certificado?
run-hint = Escriba el RUN con su dígito verificador, o acerque la cédula al lector.
run-incomplete = Escriba el RUN completo
run-valid = RUN correcto
run-wrong = El dígito verificador no corresponde: revise el número
confirm-title = Revise antes de imprimir
confirm-certificate = Certificado
confirm-purpose = Uso
confirm-for = RUN
confirm-print = Imprimir certificado
certificate-not-found = No encontramos ese certificado para ese RUN. Revise el número.
certificate-not-found-holder = El Registro Civil no tiene una inscripción de este tipo a su nombre.
certificate-not-found-entity = No encontramos esa entidad. Revise el número de inscripción o el RUT.
printing-title = Imprimiendo su certificado…
printing-hint = Tomará unos segundos. No se retire.
take-title = Retire su certificado
take-folio = Folio { $folio }
take-hint = Cualquiera puede verificarlo en línea con el folio y el código impreso.
another = Otro certificado
print-failed-title = No se pudo imprimir
print-failed-out-of-paper = La impresora no tiene papel.
print-failed-paper-jam = Se atascó el papel en la impresora.
print-failed-offline = La impresora no responde.
print-failed-other = Ocurrió un problema con la impresora.
print-failed-kept = Su certificado ya está emitido (folio { $folio }); puede imprimirlo de nuevo sin costo.
print-failed-office = También puede obtenerlo en línea o en una oficina del Registro Civil.
reprint = Imprimir de nuevo

## Detenciones
stopped-title = No pudimos continuar
stop-card-blocked = Su cédula está bloqueada. Acuda a una oficina del Registro Civil.
stop-card-expired = Su cédula está vencida. Renuévela en una oficina del Registro Civil.
stop-card-unknown = No encontramos esta cédula en el Registro Civil.
stop-too-young = La ClaveÚnica se obtiene desde los 14 años.
stop-finger = No pudimos confirmar su identidad con la huella. Acuda con su cédula a una oficina del Registro Civil.
stop-already = Usted ya tiene ClaveÚnica. Si no la recuerda, pida aquí un código nuevo.
stop-no-key = Usted aún no tiene ClaveÚnica. Elija «Obtener ClaveÚnica (primera vez)».
stop-code-blocked = El código quedó bloqueado después de 5 intentos. Pida un código nuevo.
stop-code-used = Ese código ya fue usado. Pida un código nuevo.
stop-service = El Registro Civil no responde. Intente más tarde.
stop-print = No se pudo imprimir. Obtenga su certificado en línea o en una oficina del Registro Civil.
recover-instead = Pedir un código nuevo

## Inactividad
warning-title = ¿Sigue ahí?
warning-body = Su sesión terminará y sus datos se borrarán en
warning-seconds = { $seconds } s
more-time = Necesito más tiempo

## Despedida
goodbye-card = Retire su cédula
goodbye-thanks = Gracias por usar el tótem
goodbye-hint = Sus datos fueron borrados de este equipo.

## Teclados
key-delete = Borrar
key-shift = Mayús
key-space = Espacio

## Mantenimiento (técnicos): panel de control
maint-title = Mantenimiento
maint-pin-prompt = Ingrese el PIN de técnico
maint-pin-wrong = PIN incorrecto. { $left ->
    [one] Queda { $left } intento.
   *[other] Quedan { $left } intentos.
}
maint-locked = Entrada bloqueada por PINs incorrectos.
maint-locked-until = Vuelve a abrirse a las { $time } (en { $left }).
maint-close = Cerrar
maint-language = English
maint-audit = Registro de auditoría
maint-raw = { $value }
maint-yes = sí
maint-no = no
maint-section-kiosk = Tótem
maint-section-scanner = Lector de cédula
maint-section-fingerprint = Lector de huella
maint-section-backend = Servidor del Registro
maint-section-printer = Impresora
maint-section-disk = Disco
maint-version = Versión
maint-uptime = En marcha hace
maint-sessions-today = Sesiones hoy
maint-out-of-service = Fuera de servicio
maint-port = Puerto
maint-port-value = { $port } a { $baud } baudios
maint-connected = Conectado
maint-connected-since = desde { $since } (hace { $ago })
maint-paused = en pausa mientras escucha la prueba de lectura cruda
maint-last-error = Último error
maint-param-baud = Velocidad informada
maint-param-baud-value = { $baud } baudios
maint-param-packet-size = Tamaño de paquete
maint-param-packet-size-value = { $bytes } bytes
maint-param-library-size = Capacidad de la biblioteca
maint-param-security-level = Nivel de seguridad
maint-param-led = Anillo LED
maint-url = Dirección
maint-reachable = Accesible
maint-not-tried = aún no probado
maint-latency = Latencia
maint-ms = { $ms } ms
maint-reports-waiting = Informes de entrega en espera
maint-reports-waiting-value = { $count ->
    [0] ninguno
    [one] 1 (se envía cuando el Registro lo reciba)
   *[other] { $count } (se envían cuando el Registro los reciba)
}
maint-cert-expires = Certificado TLS vence
maint-cert = Certificado TLS
maint-cert-days-left = { $date } ({ $days } días)
maint-cert-expired-on = venció el { $date }
maint-cert-not-used = no se usa (demo por http sin cifrar)
maint-queue = Cola
maint-state = Estado
maint-reason = Motivo
maint-reason-value = { $reason }: { $text }
maint-jobs-waiting = Trabajos en espera
maint-spool-folder = Carpeta de la cola
maint-free = Libre
maint-free-value = { $free } de { $total } ({ $percent } %)
maint-printer-idle = lista
maint-printer-printing = imprimiendo
maint-printer-stopped = detenida
maint-printer-offline = sin conexión
maint-printer-unknown = desconocido
maint-reason-media-empty = sin papel: rellene la bandeja
maint-reason-media-low = queda poco papel
maint-reason-media-jam = papel atascado: abra y retírelo
maint-reason-door-open = hay una tapa abierta
maint-reason-toner-empty = sin tóner
maint-reason-toner-low = queda poco tóner
maint-reason-offline = la impresora no responde: revise la energía y el cable
maint-reason-paused = la cola está en pausa
maint-problem-out-of-service = El tótem está fuera de servicio.
maint-problem-device-disconnected = { $device } no está conectado ({ $port }).
maint-problem-backend-unreachable = No se alcanza el servidor del Registro: revise la red.
maint-problem-cert-expired = El certificado TLS del tótem venció: el servidor lo rechazará.
maint-problem-cert-expires = El certificado TLS del tótem vence en { $days } días.
maint-problem-cert-unreadable = No se puede leer el certificado TLS del tótem.
maint-problem-printer-state = La impresora está { $state }.
maint-problem-printer-reason = Impresora: { $text }.
maint-problem-disk-low = Queda poco espacio en disco para la cola de impresión ({ $free }).
maint-problem-spool-unreadable = No se puede leer la carpeta de la cola de impresión.
maint-action-test-fingerprint-capture = Probar captura de huella
maint-action-led-test = Probar LED
maint-action-show-last-raw-scan = Ver última lectura cruda
maint-action-print-test-page = Imprimir página de prueba
maint-action-paper-refilled = Papel repuesto
maint-action-reload-configuration = Recargar configuración
maint-action-put-out-of-service = Poner fuera de servicio
maint-action-back-in-service = Volver a servicio
maint-action-restart-application = Reiniciar la aplicación
maint-action-leave-maintenance = Salir de mantenimiento
maint-why-reader-disconnected = el lector de huella no está conectado
maint-why-no-led = este lector no tiene anillo LED
maint-why-printer-offline = la impresora no tiene conexión
maint-why-already-out = ya está fuera de servicio
maint-why-already-in = ya está en servicio
maint-why-busy = hay una prueba en curso
maint-stop = Detener
maint-test-page-waiting = Página de prueba { $id }: esperando a la impresora…
maint-test-page-problem = Página de prueba { $id }: aún no se imprime; problema de la impresora: { $problem }
maint-test-page-stays-queued = Queda en la cola y se imprimirá cuando la impresora pueda.
maint-test-page-printed = Página de prueba { $id }: impresa. Revise la hoja.
maint-test-page-failed = Página de prueba { $id }: no se imprimió ({ $reason }).
maint-test-page-not-spooled = No se pudo preparar la página de prueba: { $error }
maint-reload-refused = La configuración no se recargó:
maint-reload-kept = El tótem sigue funcionando con la configuración que tenía; no se perdió nada.
maint-reload-unchanged = Configuración recargada: no había cambios.
maint-reload-applied = Aplicado ahora: { $parts }
maint-reload-needs-restart = Guardado, pero se aplica al reiniciar la aplicación: { $parts }
maint-colour-red = rojo
maint-colour-blue = azul
maint-colour-purple = morado
maint-led-showing = El anillo del lector debería verse { $colour } ahora.
maint-led-done = Prueba de LED terminada: el anillo mostró { $first }, { $second } y { $third }.
maint-led-none = Este lector no tiene anillo LED (no aceptó la orden de LED al conectarse).
maint-led-failed = El lector dejó de responder durante la prueba de LED.
maint-capture-waiting = Ponga un dedo en el lector…
maint-capture-reading = Leyendo la huella…
maint-capture-lift = Levante el dedo y vuelva a ponerlo.
maint-capture-no-finger = No se detectó un dedo a tiempo.
maint-capture-done = Huella capturada: imagen de { $width } × { $height }, plantilla de { $bytes } bytes.
maint-capture-no-image = El lector no envió la imagen.
maint-capture-coverage = Cobertura: { $value } % (mínimo { $min } %)
maint-capture-contrast = Contraste: { $value } % (mínimo { $min } %)
maint-capture-score = Puntaje de calidad: { $score }
maint-capture-not-kept = La imagen solo se muestra aquí: no se guarda ni se registra, y se borra al salir.
maint-capture-poor = Imagen de mala calidad: limpie el sensor y pruebe de nuevo.
maint-capture-failed = La captura falló: { $reason }
maint-raw-listening = Escuchando el lector de cédula en { $port }: presente una cédula de prueba.
maint-raw-drivers-paused = Mientras tanto, los lectores del tótem están en pausa; vuelven al detener o salir.
maint-raw-read = Última lectura ({ $bytes } bytes):
maint-raw-masked = Los números largos (RUN, número de documento, fechas) se ocultan salvo sus 3 últimas cifras.
maint-raw-port-failed = No se pudo abrir { $port }: { $error }
maint-raw-decoded = Se lee como { $carrier } ({ $document }); todas las verificaciones están bien.
maint-raw-not-a-card = No se lee como cédula: { $error }
maint-error-not-connected = el lector de huella no está conectado
maint-error-wrong-password = el lector de huella rechazó la contraseña
maint-error-no-answer = el lector de huella no responde (revise energía, cable y velocidad)
maint-error-link-lost = el lector se desconectó
maint-error-module = el lector de huella informó { $code }
maint-error-protocol = el lector de huella envió { $what }
maint-error-unreadable = lectura no válida: { $reason }
maint-print-ready = la impresora está lista
maint-print-printing = la impresora está imprimiendo
maint-print-media-low = queda poco papel
maint-print-supplies-low = queda poca tinta o tóner
maint-print-media-empty = no tiene papel: rellene la bandeja
maint-print-media-jam = hay papel atascado: abra y retírelo
maint-print-door-open = hay una tapa abierta: ciérrela
maint-print-supplies-empty = no tiene tinta o tóner
maint-print-offline = está apagada o desconectada: revise la energía y el cable
maint-print-queue-disabled = la cola de impresión está detenida (cupsenable)
maint-print-not-accepting-jobs = la cola no acepta trabajos (cupsaccept)
maint-print-queue-missing = la cola configurada no existe en CUPS
maint-print-cups-unreachable = el servicio de impresión (CUPS) no responde
maint-print-folder-unavailable = no se puede escribir en la carpeta de impresión
maint-print-other = la impresora informa { $keyword }
maint-error-at = { $time }: { $error }
maint-unreadable-not-text = el lector no envió texto (¿velocidad equivocada?)
maint-unreadable-too-long = lectura demasiado larga (¿falta el terminador?)
maint-unreadable-incomplete = lectura incompleta (un marco o las líneas MRZ cortadas)
maint-unreadable-not-a-card = no es una cédula: { $detail }

## Voz: lo que dice una pantalla en modo de audio (crates/access)
speech-option = { $label }: tecla { $key }.
speech-option-no-key = { $label }: llegue con las flechas.
speech-option-disabled = { $label }: no disponible.
speech-navigate = Use las flechas arriba y abajo para recorrer las opciones, y la tecla central para elegir.
speech-list-start = Inicio de la lista.
speech-key-shift = Mayúscula para la letra siguiente
speech-key-delete = Borrar
speech-warning = Su sesión terminará y sus datos se borrarán en { $seconds } segundos.
speech-help = Ayuda del teclado. Flechas arriba y abajo: recorrer las opciones. Tecla central: elegir. Un número: elegir esa opción, o escribirlo en un campo. Asterisco: la letra K del RUN. Numeral: borrar. Volver: paso anterior. Tecla de audio: activar o desactivar la voz. También puede repetir, pausar, hablar más lento o más rápido, y subir o bajar el volumen.
speech-keyboard = Teclado: recorra sus teclas con las flechas; cada tecla se dice solo por los audífonos.

# The entity's keypad (certificates about non-profit legal entities)
entity-title = ¿De qué entidad es el certificado?
entity-hint = Escriba su número de inscripción en el Registro Nacional de Personas Jurídicas sin Fines de Lucro, o su RUT con el dígito verificador.
entity-incomplete = Escriba el número de inscripción o el RUT completo
entity-registration = Número de inscripción { $number }
entity-rut = RUT de la entidad correcto
entity-wrong = El dígito verificador no corresponde: revise el RUT
entity-person = Ese es el RUN de una persona: escriba el número o el RUT de la entidad
confirm-entity-registration = N.º de inscripción
confirm-entity-rut = RUT de la entidad

# The card's validity, when it cannot be used
validity-title = Vigencia de su cédula
validity-expired-on = Venció el { $date }.
validity-next-title = Qué hacer
validity-expired-step-1 = Pida hora para renovarla en una oficina del Registro Civil o en su sitio web.
validity-expired-step-2 = Lleve su cédula vencida; si la perdió, también puede renovarla.
validity-expired-step-3 = Mientras tanto, aquí puede obtener certificados escribiendo su RUN.
validity-blocked-step-1 = Si tiene una cédula más nueva, use esa: al emitirse una nueva, la anterior queda bloqueada.
validity-blocked-step-2 = Si la informó perdida o robada y la recuperó, acuda a una oficina del Registro Civil para desbloquearla.
validity-blocked-step-3 = Si no la informó usted, acuda a una oficina del Registro Civil con otro documento de identidad.

# Check a certificate (folio and verification code)
menu-check = Verificar un certificado
menu-check-hint = Con el folio y el código de verificación impresos
working-check = Consultando el certificado…
check-folio-title = Folio del certificado
check-folio-hint = Escriba el número de folio impreso en el certificado.
check-code-title = Código de verificación
check-code-hint = Escriba el código de 12 caracteres impreso junto al folio.
check-not-found = No existe un certificado con ese folio y ese código. Revise ambos.
check-genuine-title = El certificado es auténtico
check-not-valid-title = Este certificado no es válido
check-not-valid-body = Fue emitido, pero no se entregó a tiempo: ningún papel con este folio es válido. Pida uno nuevo.
check-field-document = Documento
check-field-folio = Folio
check-field-issued = Emitido el
check-field-subject = Persona o entidad
check-delivered = Impreso y entregado.
check-pending = Aún sin confirmar su impresión.
check-another = Verificar otro
