"""English words that are also given names or surnames.

A name part on this list is too ordinary to flag on its own ("will" for Will Turner, "may",
"king"); it is still flagged as part of the full name. Entries are folded (lower case ASCII).
"""

COMMON_WORDS = frozenset(
    """
    amber angel april art august autumn baker bell berry bill black bliss bloom bond
    born bright brook brown buck bush butler cash chance chase cherry christian clay
    close cook cross crystal dale dash dawn day dean dear deck don dove drew duke
    early earl east easter eve fair faith fay field fields fine fisher ford forest fox
    frank free friend frost gay gene glen gold golden good grace grant gray green grey
    guy hall hand happy hardy hart hazel heath hill holly honey hope hunt hunter iris ivy
    jack jade jay jewel job joy june just kind king lake lamb lane law lee little
    long love lucky major march mark marsh may mason meadow mercy miles mill miller moon
    more morning music new nick noble north page park parks pat patience
    peach pearl penny person pike pool pope porter post price pride prince rain ray read
    reed rich ring river rob robin rock rose ruby rush sage salt sandy savage sea
    short silver sky small snow son song spring stark start steel sterling stone
    storm story strong summer sun sunny swift terry thorn tiny true
    violet wade walker wall ward warren waters way west white will win winter wise
    wolf wood woods wren young
    """.split()
)
