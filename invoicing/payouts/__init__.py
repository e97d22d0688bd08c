"""Consortium payouts: how every recorded payment to a consortium is split among its members, and statements."""
