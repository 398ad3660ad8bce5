"""The broker service: placement requests, matching, referrals, offers, waiting list."""
