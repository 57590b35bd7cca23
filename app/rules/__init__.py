"""The timing rules: pure functions from what was logged and a date to what to do.

Imports neither Textual nor SQLModel and never reads the clock; a test holds it to that.
"""
