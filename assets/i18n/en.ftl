# Totem: screen texts, English. Every message pairs with one in es.ftl.

language-name = English

## Common
back = Back
cancel = Cancel
continue = Continue
finish = Finish
step = Step { $index } of { $total }
# The aids in the page frame and on the attract screen (A+ shows the size it goes to).
aid-text = Text { $percent } %
aid-contrast = Contrast
aid-seated = Seated
seated-above = Seated layout: everything to touch is lower down.

## Attract
attract-title = Civil Registry
attract-subtitle = Self-service kiosk
attract-hint-1 = Get your ClaveÚnica for the first time
attract-hint-2 = Recover your ClaveÚnica if you forgot it
attract-hint-3 = Print free certificates right away
attract-hint-4 = All you need is your identity card and your fingerprint
attract-touch = Touch the screen to start

## Language
language-title = Choose your language
language-subtitle = Elija su idioma

## Menu
menu-title = What would you like to do?
menu-first-issue = Get your ClaveÚnica (first time)
menu-first-issue-hint = From age 14, with your card and your fingerprint
menu-recover = Recover your ClaveÚnica
menu-recover-hint = If you forgot it or it is blocked
menu-certificates = Free certificates
menu-certificates-hint = Birth, marriage, criminal record and more
menu-offline = No connection to the Civil Registry: this kiosk cannot serve you right now.

## Missing services
missing-scanner = Unavailable: the card reader is not working
missing-fingerprint = Unavailable: the fingerprint reader is not working
missing-backend = Unavailable: no connection to the Civil Registry
missing-printer = Unavailable: the printer is not working

## Identify
card-title = Hold your identity card to the reader
card-hint = Hold the QR code of your card in front of the reader, below the screen, on the right.
card-unreadable = We could not read your card. Take it away and hold it up again.
finger-title = Place your index finger on the reader
finger-hint = The fingerprint reader is below the screen, on the left.
# The finger the registry matches, when its card check names it
finger-title-named = Place your { $finger } on the reader
finger-name-right-thumb = right thumb
finger-name-right-index = right index finger
finger-name-right-middle = right middle finger
finger-name-right-ring = right ring finger
finger-name-right-little = right little finger
finger-name-left-thumb = left thumb
finger-name-left-index = left index finger
finger-name-left-middle = left middle finger
finger-name-left-ring = left ring finger
finger-name-left-little = left little finger
finger-waiting = Waiting for your finger…
finger-reading = Reading your fingerprint: keep your finger still
finger-lift = Lift your finger and place it again
finger-firmer = Unclear image: press a little firmer
finger-no-match = The fingerprint does not match. { $remaining ->
    [one] { $remaining } try left.
   *[other] { $remaining } tries left.
}

## Waiting
working-card = Checking your card…
working-finger = Checking your fingerprint…
working-key = Requesting your activation code…
working-activating = Activating your ClaveÚnica…
working-certificate = Issuing your certificate…
working-hint = One moment, please.
service-failed = The Civil Registry did not answer. Touch Continue to try again.

## E-mail
email-title = Your e-mail address
email-hint = We use it only so you can recover your ClaveÚnica.
email-example = For example: name@mail.com

## Activation code
code-show-title = Your activation code
code-show-hint = Write it down or print it: you will type it in the next step.
code-print = Print the code
code-slip-printing = Printing your code…
code-entry-title = Type your activation code
code-entry-hint = It is 6 letters.
code-wrong = Wrong code. { $remaining ->
    [one] { $remaining } try left.
   *[other] { $remaining } tries left.
}

## New password
password-title = Create your password now
password-first = New password
password-again = Repeat the password
password-show = Show
password-hide = Hide
password-rejected = The Civil Registry did not accept that password. Choose another one.
rule-length = At least 8 characters
rule-upper = One capital letter
rule-lower = One lower-case letter
rule-digit = One number
rule-match = Both passwords are the same
password-activate = Activate my ClaveÚnica

## Done
done-title = Your ClaveÚnica is active
done-body = It opens procedures of many government agencies, online and without queues.
done-hint = Never share your password with anyone.

## Certificates
families-title = Choose the certificate
family-nacimiento = Birth
family-matrimonio = Marriage
family-defuncion = Death
family-antecedentes = Criminal record
family-hoja-de-vida-conductor = Driver's record
family-union-civil = Civil union (AUC)
family-personas-juridicas = Non-profit legal entities
family-discapacidad = National Disability Registry
purposes-title = What do you need it for?
holder-only = Only for yourself: with your card and fingerprint
run-title = Whose certificate is it?
run-hint = Type the RUN with its check digit, or hold the card to the reader.
run-incomplete = Type the whole RUN
run-valid = RUN is correct
run-wrong = The check digit does not match: check the number
confirm-title = Check before printing
confirm-certificate = Certificate
confirm-purpose = Purpose
confirm-for = RUN
confirm-print = Print the certificate
certificate-not-found = We found no such certificate for that RUN. Check the number.
certificate-not-found-holder = The Civil Registry holds no such record in your name.
certificate-not-found-entity = We found no such entity. Check the registration number or the RUT.
printing-title = Printing your certificate…
printing-hint = It takes a few seconds. Please stay.
take-title = Take your certificate
take-folio = Folio { $folio }
take-hint = Anyone can verify it online with the folio and the printed code.
another = Another certificate
print-failed-title = It could not be printed
print-failed-out-of-paper = The printer is out of paper.
print-failed-paper-jam = The paper is jammed in the printer.
print-failed-offline = The printer does not answer.
print-failed-other = Something went wrong with the printer.
print-failed-kept = Your certificate is issued (folio { $folio }); you can print it again at no cost.
print-failed-office = You can also get it online or at a Civil Registry office.
reprint = Print again

## Stops
stopped-title = We could not go on
stop-card-blocked = Your card is blocked. Please go to a Civil Registry office.
stop-card-expired = Your card has expired. Renew it at a Civil Registry office.
stop-card-unknown = We could not find this card at the Civil Registry.
stop-too-young = The ClaveÚnica is available from age 14.
stop-finger = We could not confirm your identity by fingerprint. Please go to a Civil Registry office with your card.
stop-already = You already have a ClaveÚnica. If you do not remember it, ask for a new code here.
stop-no-key = You do not have a ClaveÚnica yet. Choose "Get your ClaveÚnica (first time)".
stop-code-blocked = The code is blocked after 5 tries. Ask for a new code.
stop-code-used = That code was already used. Ask for a new code.
stop-service = The Civil Registry is not answering. Please try later.
stop-print = It could not be printed. Get your certificate online or at a Civil Registry office.
recover-instead = Ask for a new code

## Inactivity
warning-title = Are you still there?
warning-body = Your session will end and your data will be erased in
warning-seconds = { $seconds } s
more-time = I need more time

## Goodbye
goodbye-card = Take your identity card
goodbye-thanks = Thank you for using the kiosk
goodbye-hint = Your data has been erased from this kiosk.

## Keyboards
key-delete = Delete
key-shift = Shift
key-space = Space

## Maintenance (technicians): the dashboard
maint-title = Maintenance
maint-pin-prompt = Enter the technician PIN
maint-pin-wrong = Wrong PIN. { $left ->
    [one] { $left } try left.
   *[other] { $left } tries left.
}
maint-locked = Entry locked after wrong PINs.
maint-locked-until = It opens again at { $time } (in { $left }).
maint-close = Close
maint-language = Español
maint-audit = Audit log
maint-raw = { $value }
maint-yes = yes
maint-no = no
maint-section-kiosk = Kiosk
maint-section-scanner = ID-card scanner
maint-section-fingerprint = Fingerprint reader
maint-section-backend = Registry backend
maint-section-printer = Printer
maint-section-disk = Disk
maint-version = Version
maint-uptime = Uptime
maint-sessions-today = Sessions today
maint-out-of-service = Out of service
maint-port = Port
maint-port-value = { $port } at { $baud } baud
maint-connected = Connected
maint-connected-since = since { $since } ({ $ago } ago)
maint-paused = paused while the raw scan test listens
maint-last-error = Last error
maint-param-baud = Reported baud
maint-param-baud-value = { $baud } baud
maint-param-packet-size = Packet size
maint-param-packet-size-value = { $bytes } bytes
maint-param-library-size = Library size
maint-param-security-level = Security level
maint-param-led = LED ring
maint-url = URL
maint-reachable = Reachable
maint-not-tried = not tried yet
maint-latency = Latency
maint-ms = { $ms } ms
maint-reports-waiting = Delivery reports waiting
maint-reports-waiting-value = { $count ->
    [0] none
    [one] 1 (sent when the registry takes it)
   *[other] { $count } (sent when the registry takes them)
}
maint-cert-expires = TLS certificate expires
maint-cert = TLS certificate
maint-cert-days-left = { $date } ({ $days } days left)
maint-cert-expired-on = expired on { $date }
maint-cert-not-used = not used (demo over plain http)
maint-queue = Queue
maint-state = State
maint-reason = Reason
maint-reason-value = { $reason }: { $text }
maint-jobs-waiting = Jobs waiting
maint-spool-folder = Spool folder
maint-free = Free
maint-free-value = { $free } of { $total } ({ $percent } %)
maint-printer-idle = idle
maint-printer-printing = printing
maint-printer-stopped = stopped
maint-printer-offline = offline
maint-printer-unknown = unknown
maint-reason-media-empty = out of paper: refill the tray
maint-reason-media-low = paper is low
maint-reason-media-jam = paper jam: open and clear it
maint-reason-door-open = a door is open
maint-reason-toner-empty = toner is empty
maint-reason-toner-low = toner is low
maint-reason-offline = the printer is offline: check power and cable
maint-reason-paused = the queue is paused
maint-problem-out-of-service = The kiosk is out of service.
maint-problem-device-disconnected = { $device } is not connected ({ $port }).
maint-problem-backend-unreachable = The registry backend is unreachable: check the network.
maint-problem-cert-expired = The kiosk's TLS certificate has expired: the backend will refuse it.
maint-problem-cert-expires = The kiosk's TLS certificate expires in { $days } days.
maint-problem-cert-unreadable = The kiosk's TLS certificate cannot be read.
maint-problem-printer-state = The printer is { $state }.
maint-problem-printer-reason = Printer: { $text }.
maint-problem-disk-low = Little disk space left for the print spool ({ $free }).
maint-problem-spool-unreadable = The print spool folder cannot be read.
maint-action-test-fingerprint-capture = Test fingerprint capture
maint-action-led-test = LED test
maint-action-show-last-raw-scan = Show last raw scan
maint-action-print-test-page = Print a test page
maint-action-paper-refilled = Paper refilled
maint-action-reload-configuration = Reload configuration
maint-action-put-out-of-service = Put out of service
maint-action-back-in-service = Back in service
maint-action-restart-application = Restart the application
maint-action-leave-maintenance = Leave maintenance
maint-why-reader-disconnected = the fingerprint reader is not connected
maint-why-no-led = this reader has no LED ring
maint-why-printer-offline = the printer is offline
maint-why-already-out = already out of service
maint-why-already-in = already in service
maint-why-busy = a test is running
maint-stop = Stop
maint-test-page-waiting = Test page { $id }: waiting for the printer…
maint-test-page-problem = Test page { $id }: not printed yet; printer problem: { $problem }
maint-test-page-stays-queued = It stays in the queue and prints as soon as the printer can.
maint-test-page-printed = Test page { $id }: printed. Check the sheet.
maint-test-page-failed = Test page { $id }: not printed ({ $reason }).
maint-test-page-not-spooled = The test page could not be prepared: { $error }
maint-reload-refused = The configuration was not reloaded:
maint-reload-kept = The kiosk keeps running with the configuration it had; nothing was lost.
maint-reload-unchanged = Configuration reloaded: nothing had changed.
maint-reload-applied = Applied now: { $parts }
maint-reload-needs-restart = Saved, but applies when the application restarts: { $parts }
maint-colour-red = red
maint-colour-blue = blue
maint-colour-purple = purple
maint-led-showing = The reader's ring should be { $colour } now.
maint-led-done = LED test done: the ring showed { $first }, { $second } and { $third }.
maint-led-none = This reader has no LED ring (it refused the LED command when it connected).
maint-led-failed = The reader stopped answering during the LED test.
maint-capture-waiting = Place a finger on the reader…
maint-capture-reading = Reading the finger…
maint-capture-lift = Lift the finger and place it again.
maint-capture-no-finger = No finger was detected in time.
maint-capture-done = Finger captured: { $width } × { $height } image, { $bytes }-byte template.
maint-capture-no-image = The reader sent no image.
maint-capture-coverage = Coverage: { $value } % (minimum { $min } %)
maint-capture-contrast = Contrast: { $value } % (minimum { $min } %)
maint-capture-score = Quality score: { $score }
maint-capture-not-kept = The image is only shown here: never stored or logged, and wiped when you leave.
maint-capture-poor = Poor image: clean the sensor and try again.
maint-capture-failed = The capture failed: { $reason }
maint-raw-listening = Listening to the ID-card scanner on { $port }: present a test card.
maint-raw-drivers-paused = Meanwhile the kiosk's readers are paused; they come back when you stop or leave.
maint-raw-read = Last read ({ $bytes } bytes):
maint-raw-masked = Long numbers (RUN, document number, dates) are masked but their last 3 digits.
maint-raw-port-failed = Could not open { $port }: { $error }
maint-raw-decoded = Reads as { $carrier } ({ $document }); every check passes.
maint-raw-not-a-card = Does not read as a card: { $error }
maint-error-not-connected = the fingerprint reader is not connected
maint-error-wrong-password = the fingerprint reader refused the password
maint-error-no-answer = the fingerprint reader does not answer (check power, cable and baud rate)
maint-error-link-lost = the reader was disconnected
maint-error-module = the fingerprint reader reported { $code }
maint-error-protocol = the fingerprint reader sent { $what }
maint-error-unreadable = unreadable read: { $reason }
maint-print-ready = the printer is ready
maint-print-printing = the printer is printing
maint-print-media-low = paper is low
maint-print-supplies-low = ink or toner is low
maint-print-media-empty = out of paper: refill the tray
maint-print-media-jam = paper jam: open and clear it
maint-print-door-open = a door or cover is open: close it
maint-print-supplies-empty = out of ink or toner
maint-print-offline = switched off or disconnected: check power and cable
maint-print-queue-disabled = the print queue is stopped (cupsenable)
maint-print-not-accepting-jobs = the queue is not accepting jobs (cupsaccept)
maint-print-queue-missing = the configured queue does not exist in CUPS
maint-print-cups-unreachable = the print service (CUPS) is not responding
maint-print-folder-unavailable = the print folder cannot be written
maint-print-other = the printer reports { $keyword }
maint-error-at = { $time }: { $error }
maint-unreadable-not-text = the scanner sent no text (wrong baud?)
maint-unreadable-too-long = the read was too long (terminator missing?)
maint-unreadable-incomplete = incomplete read (a frame or the MRZ lines cut)
maint-unreadable-not-a-card = not a card: { $detail }

## Speech: what a screen says in audio mode (crates/access)
speech-option = { $label }: key { $key }.
speech-option-no-key = { $label }: reach it with the arrows.
speech-option-disabled = { $label }: not available.
speech-navigate = Use the up and down arrows to go through the options, and the centre key to choose.
speech-list-start = Start of the list.
speech-key-shift = Capital for the next letter
speech-key-delete = Delete
speech-warning = Your session will end and your data will be erased in { $seconds } seconds.
speech-help = Keypad help. Up and down arrows: go through the options. Centre key: choose. A number: choose that option, or type it into a field. Star: the letter K of the RUN. Hash: delete. Back: the previous step. Audio key: turn speech on or off. You can also repeat, pause, speak slower or faster, and turn the volume up or down.
speech-keyboard = Keyboard: go through its keys with the arrows; each key is said through the headphones only.

# The entity's keypad (certificates about non-profit legal entities)
entity-title = Which entity is the certificate about?
entity-hint = Type its number in the National Register of Non-profit Legal Entities, or its RUT with the check digit.
entity-incomplete = Type the whole registration number or RUT
entity-registration = Registration number { $number }
entity-rut = The entity's RUT is correct
entity-wrong = The check digit does not match: check the RUT
entity-person = That is a person's RUN: type the entity's number or RUT
confirm-entity-registration = Registration number
confirm-entity-rut = Entity's RUT

# The card's validity, when it cannot be used
validity-title = Your card's validity
validity-expired-on = It expired on { $date }.
validity-next-title = What to do
validity-expired-step-1 = Book an appointment to renew it at a Civil Registry office or on its website.
validity-expired-step-2 = Bring your expired card; if you lost it, you can renew it all the same.
validity-expired-step-3 = Meanwhile, you can get certificates here by typing your RUN.
validity-blocked-step-1 = If you have a newer card, use that one: issuing a new card blocks the old one.
validity-blocked-step-2 = If you reported it lost or stolen and found it again, go to a Civil Registry office to unblock it.
validity-blocked-step-3 = If you did not report it, go to a Civil Registry office with another identity document.

# Check a certificate (folio and verification code)
menu-check = Check a certificate
menu-check-hint = With the folio and the verification code printed on it
working-check = Looking the certificate up…
check-folio-title = Certificate folio
check-folio-hint = Type the folio number printed on the certificate.
check-code-title = Verification code
check-code-hint = Type the 12-character code printed next to the folio.
check-not-found = There is no certificate with that folio and that code. Check both.
check-genuine-title = The certificate is genuine
check-not-valid-title = This certificate is not valid
check-not-valid-body = It was issued but not delivered in time: no paper with this folio is valid. Ask for a new one.
check-field-document = Document
check-field-folio = Folio
check-field-issued = Issued on
check-field-subject = Person or entity
check-delivered = Printed and delivered.
check-pending = Its printing is not confirmed yet.
check-another = Check another
