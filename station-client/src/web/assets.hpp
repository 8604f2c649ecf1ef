// The stylesheet and script of the web app, compiled into the program so nothing is
// fetched from anywhere at run time.
#pragma once
#include <string_view>

namespace cunzhan::station_client::web {

extern const std::string_view app_css;
extern const std::string_view app_js;

}  // namespace cunzhan::station_client::web
