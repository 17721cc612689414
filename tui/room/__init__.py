"""The room takes part: a small web server, opened from the app, for participants' own devices.

Nothing here is imported on the start-up path: the server, the templates and the QR code load
only when the facilitator opens the room (see docs/performance.md).
"""
