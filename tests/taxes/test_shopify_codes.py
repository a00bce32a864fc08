"""A Shopify product export's tax columns: the tax code as a VAT rate or YooKassa's code, «not
taxable» as «без НДС», our own columns added to the export first; an unknown VAT value
rejects its row with the column and the reason, like any other cell."""

from __future__ import annotations

from catalog.formats import RowResult
from tests.catalog.conftest import parse_bytes

HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,"
    "Variant SKU,Variant Inventory Qty,Variant Price,Variant Compare At Price,"
    "Variant Taxable,Variant Tax Code,Image Src,Status\n"
)
IMG = "https://i.example/p.jpg"


def _row(handle: str, sku: str, taxable: str, code: str, *, title: str = "Товар") -> str:
    return (
        f"{handle},{title},,Acme,Посуда,,TRUE,Size,{sku},{sku},5,1000.00,,"
        f"{taxable},{code},{IMG},active\n"
    )


def _parse(text: str) -> dict[str, RowResult]:
    parse, results = parse_bytes(text.encode())
    assert parse.format_name == "shopify"
    return {r.retailer_id: r for r in results}


def test_the_tax_code_and_taxable_columns_give_the_vat_code() -> None:
    by_id = _parse(
        HEADER
        + _row("tea", "T-22", "TRUE", "22%")
        + _row("cup", "C-10", "TRUE", "3")
        + _row("book", "B-0", "FALSE", "")
        + _row("pot", "P-D", "TRUE", "")
        + _row("box", "X-1", "FALSE", "10/110")
    )
    codes = {rid: r.product.vat_code for rid, r in by_id.items()}
    # 22 % is code 11; «not taxable» is «без НДС» (1); taxable without a code: the default;
    # a code given wins over «not taxable».
    assert codes == {"T-22": 11, "C-10": 3, "B-0": 1, "P-D": None, "X-1": 5}


def test_an_unknown_tax_code_rejects_its_row_with_the_reason() -> None:
    by_id = _parse(HEADER + _row("tea", "T-1", "TRUE", "P0000000") + _row("cup", "C-1", "", ""))
    bad = by_id["T-1"]
    assert bad.product is None
    (problem,) = bad.problems
    assert problem.column == "Variant Tax Code"
    assert "P0000000" in problem.ru
    assert "ставка НДС" in problem.ru
    assert by_id["C-1"].product is not None


def test_an_unclear_taxable_value_rejects_its_row() -> None:
    by_id = _parse(HEADER + _row("tea", "T-1", "maybe", ""))
    (problem,) = by_id["T-1"].problems
    assert problem.column == "Variant Taxable"


def test_our_own_columns_added_to_the_export_win_and_variants_take_the_products() -> None:
    header = HEADER.replace(",Status\n", ",Status,НДС,Предмет расчёта\n")
    text = (
        header
        + _row("kit", "K-S", "TRUE", "22%").replace(",active\n", ",active,10%,услуга\n")
        # The product's second variant leaves both empty: the product's first row gives them.
        + "kit,,,,,,,,M,K-M,5,1000.00,,TRUE,,,,,\n"
    )
    by_id = _parse(text)
    small, medium = by_id["K-S"].product, by_id["K-M"].product
    assert (small.vat_code, small.payment_subject) == (3, "service")
    assert (medium.vat_code, medium.payment_subject) == (3, "service")


def test_a_bad_cell_of_the_first_row_is_reported_once_per_variant() -> None:
    header = HEADER.replace(",Status\n", ",Status,НДС\n")
    text = (
        header
        + _row("kit", "K-S", "TRUE", "").replace(",active\n", ",active,30%\n")
        + "kit,,,,,,,,M,K-M,5,1000.00,,TRUE,,,,\n"
    )
    by_id = _parse(text)
    for rid in ("K-S", "K-M"):
        (problem,) = by_id[rid].problems
        assert (problem.column, by_id[rid].product) == ("НДС", None)
