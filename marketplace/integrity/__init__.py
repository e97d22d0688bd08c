"""Integrity of procurement on ALX: red flags per lot and tender (Cardinal / Prozorro definitions) and the
explanation procedure for abnormally low tenders (Directive 2014/24/EU Art. 69, Directive 2009/81/EC Art. 49)."""
