// Tests for CSV: RFC 4180 quoting, embedded newlines with correct line numbers, CRLF,
// BOM stripping, GBK input decoding to the same UTF-8, and formula-injection escaping.
#include <catch2/catch.hpp>

#include "cunzhan/shared/csv.hpp"
#include "test_support.hpp"

using namespace cunzhan;

namespace {

using test::to_gbk;

const std::string sample =
    "村名,产品,数量\r\n"
    "白马村,\"脐橙, 纽荷尔\",120\r\n"
    "青山村,\"他说\"\"好\"\"\",35.5\r\n";

}  // namespace

TEST_CASE("csv: quotes, commas and doubled quotes", "[csv]") {
  auto rows = csv::parse(sample);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].cells == std::vector<std::string>{"村名", "产品", "数量"});
  CHECK((*rows)[1].cells == std::vector<std::string>{"白马村", "脐橙, 纽荷尔", "120"});
  CHECK((*rows)[2].cells == std::vector<std::string>{"青山村", "他说\"好\"", "35.5"});
  auto empties = csv::parse("a,,\"\",d\n");
  REQUIRE(empties.ok());
  CHECK((*empties)[0].cells == std::vector<std::string>{"a", "", "", "d"});
}

TEST_CASE("csv: embedded newlines keep line numbers right", "[csv]") {
  const std::string text =
      "name,note\n"                   // line 1
      "a,\"first\nsecond\nthird\"\n"  // lines 2-4
      "\n"                            // line 5 (blank, skipped)
      "b,\"x\r\ny\"\r\n"              // lines 6-7
      "c,plain";                      // line 8, no final newline
  auto rows = csv::parse(text);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 4);
  CHECK((*rows)[0].line == 1);
  CHECK((*rows)[1].line == 2);
  CHECK((*rows)[1].cells[1] == "first\nsecond\nthird");
  CHECK((*rows)[2].line == 6);
  CHECK((*rows)[2].cells[1] == "x\r\ny");
  CHECK((*rows)[3].line == 8);
  CHECK((*rows)[3].cells == std::vector<std::string>{"c", "plain"});
}

TEST_CASE("csv: CRLF and LF files parse the same", "[csv]") {
  const std::string crlf = "a,b\r\n1,2\r\n\r\n3,4\r\n";
  const std::string lf = "a,b\n1,2\n\n3,4\n";
  auto x = csv::parse(crlf);
  auto y = csv::parse(lf);
  REQUIRE(x.ok());
  REQUIRE(y.ok());
  REQUIRE(x->size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK((*x)[i].cells == (*y)[i].cells);
    CHECK((*x)[i].line == (*y)[i].line);
  }
  CHECK((*x)[2].line == 4);
  CHECK((*x)[1].cells[1] == "2");  // no stray \r
}

TEST_CASE("csv: an unterminated quote is csv_invalid with its line", "[csv]") {
  auto r = csv::parse("a,b\nc,\"open\nmore\n");
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::csv_invalid);
  CHECK(r.err().detail_en.find("line 2") != std::string::npos);
  CHECK(r.err().detail_zh.find("第 2 行") != std::string::npos);
}

TEST_CASE("csv: a UTF-8 BOM is stripped", "[csv]") {
  std::string detected;
  auto t = csv::to_utf8(std::string(csv::utf8_bom) + sample, &detected);
  REQUIRE(t.ok());
  CHECK(*t == sample);
  CHECK(detected == "utf-8-bom");
  auto plain = csv::to_utf8(sample, &detected);
  CHECK(*plain == sample);
  CHECK(detected == "utf-8");
  auto rows = csv::parse(*t);
  REQUIRE(rows.ok());
  CHECK((*rows)[0].cells[0] == "村名");  // no BOM glued to the first header
}

TEST_CASE("csv: GBK bytes decode to the same UTF-8 as the UTF-8 file", "[csv]") {
  const std::string gbk = to_gbk(sample);
  REQUIRE(gbk != sample);
  std::string detected;
  auto t = csv::to_utf8(gbk, &detected);
  REQUIRE(t.ok());
  CHECK(detected == "gb18030");
  CHECK(*t == sample);
  auto from_gbk = csv::parse(*t);
  auto from_utf8 = csv::parse(sample);
  REQUIRE(from_gbk.ok());
  REQUIRE(from_gbk->size() == from_utf8->size());
  for (std::size_t i = 0; i < from_gbk->size(); ++i) CHECK((*from_gbk)[i].cells == (*from_utf8)[i].cells);
  // 苹果 in GBK, written out by hand.
  CHECK(*csv::to_utf8(std::string("\xC6\xBB\xB9\xFB,1\r\n")) == "苹果,1\r\n");
}

TEST_CASE("csv: bytes that are neither UTF-8 nor GB18030 are encoding_unsupported", "[csv]") {
  auto r = csv::to_utf8(std::string("ab\x81\x20\xff\xff"));
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::encoding_unsupported);
  auto bom_bad = csv::to_utf8(std::string(csv::utf8_bom) + "\xC6\xBB\xB9\xFB");
  REQUIRE_FALSE(bom_bad.ok());
  CHECK(bom_bad.err().code == errc::encoding_unsupported);
}

TEST_CASE("csv: formula starters are escaped, negative numbers included", "[csv]") {
  CHECK(csv::escape_cell("=SUM(A1:A9)") == "'=SUM(A1:A9)");
  CHECK(csv::escape_cell("+86 138") == "'+86 138");
  CHECK(csv::escape_cell("-3.5") == "'-3.5");
  CHECK(csv::escape_cell("@cmd") == "'@cmd");
  CHECK(csv::escape_cell("\tx") == "'\tx");
  CHECK(csv::escape_cell("\rx") == "\"'\rx\"");
  CHECK(csv::escape_cell("3.5") == "3.5");
  CHECK(csv::escape_cell("脐橙") == "脐橙");
  CHECK(csv::escape_cell("a,b") == "\"a,b\"");
  CHECK(csv::escape_cell("=1,2") == "\"'=1,2\"");
  CHECK(csv::escape_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv::format_row({"a", "-1", "x\ny"}) == "a,'-1,\"x\ny\"\r\n");
  CHECK(csv::unescape_cell("'=x") == "=x");
  CHECK(csv::unescape_cell("'abc") == "'abc");  // an apostrophe the user typed stays
  CHECK(csv::unescape_cell("=x") == "=x");
}

TEST_CASE("csv: export then import round-trips every cell", "[csv]") {
  const std::vector<std::string> cells = {"=HYPERLINK(\"http://x\")",
                                          "-3.5",
                                          "+1",
                                          "@a",
                                          "\tt",
                                          "'abc",
                                          "'=already",
                                          "''-2",
                                          "普通文本",
                                          "",
                                          "a,b",
                                          "line1\r\nline2",
                                          "quote\"d",
                                          "'",
                                          "-"};
  const std::string text = csv::format_row(cells) + csv::format_row({"second"});
  auto rows = csv::parse(text);
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 2);
  REQUIRE((*rows)[0].cells.size() == cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    INFO("cell " << i);
    CHECK(csv::unescape_cell((*rows)[0].cells[i]) == cells[i]);
    // What Excel would see never starts with a formula starter.
    const std::string& raw = (*rows)[0].cells[i];
    if (!raw.empty()) CHECK(std::string_view("=+-@\t\r").find(raw[0]) == std::string_view::npos);
  }
  CHECK((*rows)[1].line == 3);  // the embedded CRLF moved the second row down one line
}
