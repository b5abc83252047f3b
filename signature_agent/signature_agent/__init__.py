"""Local signature agent for Wacom STU signature pads.

Captures a handwritten signature on the pad, checks its quality, encrypts the
biometric time series for the escrow authority and hands the encrypted package
plus a PNG of the signature to the portal page through a localhost API.
"""

__version__ = "1.0.0"
