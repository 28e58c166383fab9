"""Personal names: Unicode NFC, case folding and a transliteration key.

The same man appears as `Mohammed` in a family's report, `Muhammad` in a disembarkation register,
`Mohamed` on a French-speaking coast guard's list and `محمد` on a relative's form. A search or a
match on the letters alone would keep these apart. `name_key` brings them together in three steps:

1. **Transliteration to Latin.** Arabic and Persian letters go through `ARABIC_TO_LATIN`, a
   consonant-faithful table (short vowels are not written in Arabic script, so none are
   invented; `ع` and `ء` are dropped, as most romanisations do); every other script goes through
   `unidecode` (Cyrillic, Greek, Ethiopic, accents...).
2. **Spelling harmonisation.** Digraphs that several romanisation traditions write differently
   are unified: `ou`->`u` (French), `ph`->`f`, `dj`->`j`, `ch`->`sh`, `ck`/`q`/`c`->`k`.
3. **Consonant skeleton.** Vowels are dropped (including `w`/`y` inside a word, which stand for
   the long vowels و / ي), doubled consonants are collapsed, and a word-final `h` is dropped (the
   `-ah`/`-a` of Fatimah/Fatima, ta marbuta `ة`) unless it ends a digraph (`sh`, `kh`...). What
   is left is the consonant frame that transliterations preserve.
4. **Compound names.** `Abd` ("servant of") joins the word after it, and the article inside
   `Abdul`/`Abdel` is dropped, so `Abdullah`, `Abd Allah` and `عبد الله` meet, as do
   `Abdulrahman`, `Abd al-Rahman` and `عبد الرحمن`.

So `Mohammed`, `Muhammad`, `Mohamed`, `Mohamad` and `محمد` all give `mhmd`; `Youssef`, `Yusuf`,
`Yousef` and `يوسف` give `ysf`. The key of a full name is the sorted keys of its words, so a name
recorded family-name-first meets the same name recorded given-name-first.

The key is a blocking key: it finds candidates to compare, it does not decide that two names are
the same (`Salah` and `Saleh` share `sl`); the matcher scores the candidates afterwards.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

ARABIC_TO_LATIN: dict[str, str] = {
    # Arabic
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j",
    "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s",
    "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "و": "w", "ي": "y", "ى": "a", "ة": "h", "ء": "", "ؤ": "w",
    "ئ": "y",
    # Persian, Urdu and Pashto additions
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y", "ٹ": "t", "ڈ": "d", "ڑ": "r",
    "ں": "n", "ھ": "h", "ے": "y",
}

# Short-vowel marks (harakat), shadda, sukun and the tatweel stretch carry no consonant.
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

_HARMONISE = (
    ("ou", "u"), ("ph", "f"), ("dj", "j"), ("tch", "sh"), ("ch", "sh"), ("ck", "k"), ("q", "k"),
    ("c", "k"), ("x", "ks"),
)
_VOWELS = set("aeiouy")


def normalise_text(text: str) -> str:
    """Unicode NFC with runs of whitespace collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """NFC, case-folded, whitespace collapsed: for exact comparison of names as written."""
    return normalise_text(text).casefold()


def _arabic_to_latin(word: str) -> str:
    word = _ARABIC_MARKS.sub("", word)
    # The definite article is written joined to the next word (الله, الرحمن); romanisations
    # write it as a separate "al-", "el-" or not at all, so it is dropped here.
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return "".join(ARABIC_TO_LATIN.get(char, char) for char in word)


# Names repeat (a delivery holds thousands of Mohammeds), so each word is worked out once; the
# cache holds short strings and is bounded.
@lru_cache(maxsize=1 << 16)
def _latin(word: str) -> str:
    """One word in Latin letters, lower case."""
    if _ARABIC_LETTER.search(word):
        word = _arabic_to_latin(word)
    return unidecode(word).lower()


def transliterate(text: str) -> str:
    """A Latin-letter, lower-case rendering of a name in any script.

    >>> transliterate("محمد"), transliterate("Ζωή"), transliterate("Éric")
    ('mhmd', 'zoe', 'eric')
    """
    words = [_latin(word) for word in normalise_text(text).split(" ")]
    # unidecode gives "" for controls and a trailing space after each CJK syllable.
    return " ".join(" ".join(words).split())


# The article of `Abdul`/`Abdel` before the name it joins (`Abdulrahman`), but not the `-aye` of
# West Africa's `Abdoulaye`, which is `Abdullah` itself: only vowels are left after the `l`.
_ABD_ARTICLE = re.compile(r"^abd[aeiou]{1,2}l(?=$|(?![aeiouy]+$)[a-z]{3,})")
_DIGRAPH_HEADS = set("skgdtzc")


@lru_cache(maxsize=1 << 16)  # as `_latin`: names repeat
def _skeleton(word: str) -> str:
    word = _ABD_ARTICLE.sub("abd", re.sub(r"[^a-z]", "", word))
    for written, unified in _HARMONISE:
        word = word.replace(written, unified)
    if not word:
        return ""
    # A leading y or w is a consonant (Yusuf, Walid); elsewhere they stand for long vowels.
    kept = [word[0]] if word[0] in "yw" else []
    start = 1 if kept else 0
    kept.extend(char for char in word[start:] if char not in _VOWELS and char != "w")
    collapsed = [char for index, char in enumerate(kept) if index == 0 or char != kept[index - 1]]
    if len(collapsed) > 1 and collapsed[-1] == "h" and collapsed[-2] not in _DIGRAPH_HEADS:
        collapsed.pop()
    return "".join(collapsed)


def _article_free_words(text: str) -> list[str]:
    words = re.split(r"[\s\-'’‘`]+", text)
    # "al-Hassan", "el Amin", "Abd al Rahman": the article is not part of the name's frame.
    return [word for word in words if word and word not in {"al", "el", "ul"}]


def word_keys(text: str) -> list[str]:
    """The consonant skeleton of each word of a name, in order, empty ones dropped."""
    keys = [key for key in (_skeleton(word) for word in _article_free_words(transliterate(text))) if key]
    joined: list[str] = []
    for key in keys:
        if joined and joined[-1] == "bd":
            joined[-1] += key
        else:
            joined.append(key)
    return joined


@lru_cache(maxsize=1 << 16)  # as `_latin`: a delivery names the same people and places again and again
def name_key(text: str) -> str:
    """The transliteration key of a name: its words' skeletons, sorted, space separated.

    >>> name_key("Mohammed Ali") == name_key("علي محمد") == name_key("ALI, Muhammad")
    True
    """
    return " ".join(sorted(word_keys(text)))


def full_name(given_names: str, family_name: str) -> str:
    """Given names then family name, as one NFC string."""
    return normalise_text(" ".join(part for part in (given_names, family_name) if part))


def name_variants(names: list[str]) -> str:
    """Text for the full-text index: each spelling, its transliteration and its key, once each.

    A search for `Muhammad` then finds a record written `محمد`, through the shared key.
    """
    return _variants(tuple(names))


@lru_cache(maxsize=1 << 16)  # as `name_key`
def _variants(names: tuple[str, ...]) -> str:
    seen: dict[str, None] = {}
    for name in names:
        if not name:
            continue
        for variant in (normalise_text(name), transliterate(name), name_key(name)):
            if variant:
                seen.setdefault(variant, None)
        for key in word_keys(name):
            seen.setdefault(key, None)
    return " ".join(seen)
