"""The broker's pure domain: placement requests, their referrals and offers, and matching."""
