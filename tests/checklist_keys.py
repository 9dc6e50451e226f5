"""The best-practice checklist items, in the order the checklist reports them."""

CHECKLIST_KEYS = [
    "expected_behaviour",
    "unacceptable_behaviour",
    "consequences",
    "scope",
    "reporting",
    "team",
    "shared_email",
    "procedure",
    "conflict_of_interest",
    "direct_contacts",
    "emergency_numbers",
    "placeholders",
]
