// Windows command-line quoting (see launch.hpp), portable so the Task XML that carries a
// command line is built and tested on any OS.
#include "cunzhan/platform/launch.hpp"

namespace cunzhan::platform {

std::string quote_windows_arg(std::string_view a) {
  if (!a.empty() && a.find_first_of(" \t\n\v\"") == std::string_view::npos) return std::string(a);
  std::string o = "\"";
  std::size_t backslashes = 0;
  for (char ch : a) {
    if (ch == '\\') {
      ++backslashes;
      continue;
    }
    o.append(ch == '"' ? backslashes * 2 + 1 : backslashes, '\\');
    backslashes = 0;
    o += ch;
  }
  o.append(backslashes * 2, '\\');
  return o + "\"";
}

}  // namespace cunzhan::platform
