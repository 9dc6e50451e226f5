"""Random code names: cases ("Blue Heron") and involved people ("Quiet Birch").

Lists, emails, log entries and notifications show only these, never a name or the reporter's
words. They are drawn with ``secrets`` so nothing about a case (its order, its date) can be read
back from its name.
"""

import secrets

COLOURS = (
    "Amber", "Azure", "Blue", "Bronze", "Copper", "Coral", "Crimson", "Cyan", "Golden",
    "Green", "Grey", "Indigo", "Ivory", "Jade", "Lilac", "Maroon", "Navy", "Ochre", "Olive",
    "Orange", "Pearl", "Pink", "Plum", "Purple", "Red", "Rose", "Ruby", "Rust", "Saffron",
    "Sage", "Scarlet", "Silver", "Slate", "Tan", "Teal", "Violet", "White", "Yellow",
)  # fmt: skip
ANIMALS = (
    "Albatross", "Badger", "Beaver", "Bison", "Crane", "Curlew", "Dolphin", "Egret", "Falcon",
    "Finch", "Fox", "Gannet", "Gecko", "Hare", "Hawk", "Heron", "Ibis", "Jay", "Kestrel",
    "Kingfisher", "Lark", "Lynx", "Marten", "Moth", "Newt", "Osprey", "Otter", "Owl", "Panda",
    "Pelican", "Plover", "Puffin", "Robin", "Salmon", "Seal", "Stork", "Swift", "Tern",
    "Turtle", "Wren",
)  # fmt: skip
MOODS = (
    "Bold", "Brisk", "Calm", "Clear", "Distant", "Early", "Gentle", "Hidden", "Late", "Lone",
    "Misty", "Quiet", "Rapid", "Silent", "Steady", "Still", "Swift", "Tall", "Warm", "Wild",
)  # fmt: skip
TREES = (
    "Alder", "Ash", "Aspen", "Beech", "Birch", "Cedar", "Cypress", "Elm", "Fir", "Hazel",
    "Hawthorn", "Juniper", "Larch", "Linden", "Maple", "Oak", "Pine", "Poplar", "Rowan",
    "Spruce", "Willow", "Yew",
)  # fmt: skip


def _draw(first, second, taken) -> str:
    for _attempt in range(50):
        name = f"{secrets.choice(first)} {secrets.choice(second)}"
        if name not in taken:
            return name
    # Past about a thousand names in use, a number keeps them apart.
    while True:
        name = f"{secrets.choice(first)} {secrets.choice(second)} {secrets.randbelow(1000)}"
        if name not in taken:
            return name


def case_code_name(taken=frozenset()) -> str:
    return _draw(COLOURS, ANIMALS, taken)


def person_code_name(taken=frozenset()) -> str:
    return _draw(MOODS, TREES, taken)
