from familyportal.accounts.roles import Role
from tests.permissions import STAFF, Row, roles

ROWS = {
    # Staff only. Without a device the set-up page shows the QR code; the code page sends
    # staff without a device to the set-up (302).
    "accounts:second-factor-setup": Row(STAFF),
    "accounts:second-factor-verify": Row(STAFF, ok=(200, 302)),
    # Recovery codes: staff with the second factor entered (the matrix's sessions have it).
    "accounts:second-factor-recovery-codes": Row(STAFF),
}

ADMIN_CHANGELISTS = {
    # The administration resets a lost authenticator app by deleting the device.
    "otp_totp.totpdevice": roles(Role.ADMINISTRATION),
}
