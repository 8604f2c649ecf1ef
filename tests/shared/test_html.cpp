// html_escape: the five characters that matter in text and quoted attributes.
#include <catch2/catch.hpp>

#include "cunzhan/shared/html.hpp"

using namespace cunzhan;

TEST_CASE("html: escapes & < > \" ' and nothing else") {
  CHECK(html_escape("") == "");
  CHECK(html_escape("plain 文本 ok") == "plain 文本 ok");
  CHECK(html_escape("<a href=\"x\" title='y'>&amp;</a>") ==
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  // Bytes that are not valid UTF-8 pass as they are (text is made valid elsewhere).
  CHECK(html_escape(std::string("\xff<", 2)) == std::string("\xff&lt;", 5));
}
