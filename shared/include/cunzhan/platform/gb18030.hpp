// GB18030 (a superset of GBK and GB2312: what Excel saves on Chinese Windows) to UTF-8.
// glibc's iconv on POSIX; on Windows, tables generated from glibc (gb18030_table.hpp),
// checked against iconv code by code by tests/shared/test_gb18030_table.cpp.
// gb18030_posix.cpp / gb18030_win.cpp.
#pragma once
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform {

// encoding_unsupported naming the offset of the first byte that is not GB18030.
result<std::string> gb18030_to_utf8(std::string_view bytes);

}  // namespace cunzhan::platform
