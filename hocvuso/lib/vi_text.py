"""Vietnamese text: Unicode NFC normalisation and accent folding for search."""

import unicodedata

# Vietnamese đ/Đ is a letter of its own, not d plus a mark, so decomposition leaves it alone.
_LETTER_D = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Return text in Unicode NFC, the one form stored and compared everywhere."""
    return unicodedata.normalize("NFC", text)


def nfc_any[T](value: T) -> T:
    """NFC-normalise a string, or every string inside a list, tuple or dict; leave the rest."""
    if isinstance(value, str):
        return nfc(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [nfc_any(v) for v in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(nfc_any(v) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {nfc_any(k): nfc_any(v) for k, v in value.items()}  # type: ignore[return-value]
    return value


def fold(text: str) -> str:
    """Fold text for search: lower case, no diacritics, đ to d, single spaces.

    "Phường  Ba Đình" and "phuong ba dinh" fold to the same string; folding is idempotent
    and gives the same result for NFC and NFD input.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTER_D))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = unicodedata.normalize("NFKD", bare.lower().translate(_LETTER_D))
    bare = "".join(ch for ch in lowered if not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).split())


def search_words(query: str) -> list[str]:
    """The folded words of a search query, in order, without repeats."""
    return list(dict.fromkeys(fold(query).split()))
