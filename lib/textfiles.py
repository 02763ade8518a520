"""Reading uploaded text files as spreadsheets and Danmarks Statistik save them."""


def decode_text(data: bytes) -> str:
    """Return the text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252 as Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")
