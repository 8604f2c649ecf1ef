// Escaping for HTML text and attribute values: the hub's dashboard and the station's web
// app write every value through it.
#pragma once
#include <string>
#include <string_view>

namespace cunzhan {

// Escapes & < > " ' (as &amp; &lt; &gt; &quot; &#39;), so the result is safe both as element
// text and inside a single- or double-quoted attribute. Other bytes pass unchanged.
std::string html_escape(std::string_view s);

}  // namespace cunzhan
