"""Carebridge's shared package: the published integration-event contracts and the
platform plumbing (delivery, settings, auth) every service uses.

It imports no service. Services import it, never each other.
"""
