"""Customers: the profile (names, aliases, key people, touchpoints) and the contact rhythm."""
