"""The discharge service: hospital episodes, delays and the official returns."""
