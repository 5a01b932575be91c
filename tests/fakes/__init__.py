"""Fakes of the chat platforms' web APIs, served on 127.0.0.1 and recording every call, for end-to-end tests."""
