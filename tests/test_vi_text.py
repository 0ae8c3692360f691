"""Text helpers: NFC normalisation and accent folding."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from hocvuso.lib.vi_text import fold, nfc, nfc_any, search_words

VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ ĐẮK"
    )
)


def test_it_folds_vietnamese_names_to_plain_letters() -> None:
    assert fold("Đắk Lắk") == "dak lak"
    assert fold("Phường  Ba Đình") == "phuong ba dinh"
    assert fold("Thành phố Hà Nội") == "thanh pho ha noi"


def test_it_recomposes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    assert decomposed != "Nguyễn Thị Hồng"
    assert nfc(decomposed) == "Nguyễn Thị Hồng"


def test_it_normalises_strings_inside_containers() -> None:
    nfd = unicodedata.normalize("NFD", "Hà Nội")
    assert nfc_any({"name": [nfd], nfd: (nfd, 3)}) == {"name": ["Hà Nội"], "Hà Nội": ("Hà Nội", 3)}


def test_search_words_are_folded_and_unique() -> None:
    assert search_words("  Hà NỘI ha noi ") == ["ha", "noi"]


@given(VIETNAMESE)
def test_nfd_and_nfc_input_fold_the_same(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(st.text())
def test_any_text_folds_the_same_in_nfd_and_nfc(text: str) -> None:
    assert fold(unicodedata.normalize("NFD", text)) == fold(unicodedata.normalize("NFC", text))


@given(st.text())
def test_folding_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(VIETNAMESE)
def test_folded_vietnamese_is_plain_ascii(text: str) -> None:
    assert fold(text).isascii()


@given(st.text())
def test_nfc_is_idempotent_and_keeps_meaning(text: str) -> None:
    assert nfc(nfc(text)) == nfc(text)
    assert unicodedata.normalize("NFD", nfc(text)) == unicodedata.normalize("NFD", text)
