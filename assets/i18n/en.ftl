# Totem: screen texts, English. Every message pairs with one in es.ftl.

language-name = English

## Common
back = Back
cancel = Cancel
continue = Continue
finish = Finish
step = Step { $index } of { $total }

## Attract
attract-title = Civil Registry
attract-subtitle = Self-service kiosk
attract-hint-1 = Get your Clave Única for the first time
attract-hint-2 = Recover your Clave Única if you forgot it
attract-hint-3 = Print free certificates right away
attract-hint-4 = All you need is your identity card and your fingerprint
attract-touch = Touch the screen to start

## Language
language-title = Choose your language
language-subtitle = Elija su idioma

## Menu
menu-title = What would you like to do?
menu-first-issue = Get your Clave Única (first time)
menu-first-issue-hint = From age 14, with your card and your fingerprint
menu-recover = Recover your Clave Única
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
working-activating = Activating your Clave Única…
working-certificate = Issuing your certificate…
working-hint = One moment, please.
service-failed = The Civil Registry did not answer. Touch Continue to try again.

## E-mail
email-title = Your e-mail address
email-hint = We use it only so you can recover your Clave Única.
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
password-activate = Activate my Clave Única

## Done
done-title = Your Clave Única is active
done-body = It opens more than 50 procedures in 21 government agencies, online and without queues.
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
stop-too-young = The Clave Única is available from age 14.
stop-finger = We could not confirm your identity by fingerprint. Please go to a Civil Registry office with your card.
stop-already = You already have a Clave Única. If you do not remember it, ask for a new code here.
stop-no-key = You do not have a Clave Única yet. Choose "Get your Clave Única (first time)".
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
