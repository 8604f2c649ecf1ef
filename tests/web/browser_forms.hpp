// What the browser tests do with the app's pages: fill a form (the one `form.box` a page
// has) by field name and submit it with its button, as an officer would; read a text.
#pragma once
#include <string>

#include "browser.hpp"
#include "web_fixture.hpp"

namespace cunzhan::test::web {

inline void fill_and_submit(browser& b, const fields& f) {
  std::string js = "(function(){var f=document.querySelector('form.box');";
  for (const auto& [k, v] : f) js += "f.elements['" + k + "'].value='" + v + "';";
  js += "f.querySelector('button[type=submit]').click();return 1;})()";
  b.eval(js);
  b.wait_for_load();
}

inline std::string text_of(browser& b, const std::string& selector) {
  return b.eval("(document.querySelector('" + selector + "')||{}).textContent||''");
}

}  // namespace cunzhan::test::web
