# Totem: textos de la pantalla, español (idioma por omisión).
# Cada mensaje tiene su par en en.ftl; otro idioma es otro archivo como este.

language-name = Español

## Comunes
back = Volver
cancel = Cancelar
continue = Continuar
finish = Terminar
step = Paso { $index } de { $total }

## Pantalla de espera
attract-title = Registro Civil
attract-subtitle = Tótem de autoatención
attract-hint-1 = Obtenga su Clave Única por primera vez
attract-hint-2 = Recupere su Clave Única si la olvidó
attract-hint-3 = Imprima certificados gratuitos al instante
attract-hint-4 = Solo necesita su cédula de identidad y su huella
attract-touch = Toque la pantalla para comenzar

## Idioma
language-title = Elija su idioma
language-subtitle = Choose your language

## Menú
menu-title = ¿Qué desea hacer?
menu-first-issue = Obtener Clave Única (primera vez)
menu-first-issue-hint = Desde los 14 años, con su cédula y su huella
menu-recover = Recuperar Clave Única
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
working-activating = Activando su Clave Única…
working-certificate = Emitiendo su certificado…
working-hint = Espere un momento, por favor.
service-failed = El Registro Civil no respondió. Toque Continuar para intentar de nuevo.

## Correo
email-title = Su correo electrónico
email-hint = Lo usaremos solo para que pueda recuperar su Clave Única.
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
password-activate = Activar mi Clave Única

## Listo
done-title = Su Clave Única está activa
done-body = Con ella puede hacer más de 50 trámites en 21 instituciones del Estado, en línea y sin filas.
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
family-discapacidad = Registro Nacional de Discapacidad
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
stop-too-young = La Clave Única se obtiene desde los 14 años.
stop-finger = No pudimos confirmar su identidad con la huella. Acuda con su cédula a una oficina del Registro Civil.
stop-already = Usted ya tiene Clave Única. Si no la recuerda, pida aquí un código nuevo.
stop-no-key = Usted aún no tiene Clave Única. Elija «Obtener Clave Única (primera vez)».
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
