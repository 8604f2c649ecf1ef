// UTF-8 ⇄ UTF-16 for the Windows implementations (only compiled there).
#pragma once
#include <string>
#include <string_view>

namespace cunzhan::platform {

std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view utf16);
// The system's message for a GetLastError() code, in UTF-8.
std::string win_error_text(unsigned long code);

}  // namespace cunzhan::platform
