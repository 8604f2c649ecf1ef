// GB18030 → UTF-8 on Windows with the tables generated from glibc (gb18030_table.hpp):
// the same result as the Linux build's iconv, byte for byte, errors included. Windows'
// own code page 54936 would differ in a few codes and is missing from Wine.
#include "cunzhan/platform/gb18030.hpp"
#include "cunzhan/platform/gb18030_table.hpp"

namespace cunzhan::platform {

result<std::string> gb18030_to_utf8(std::string_view bytes) { return gb18030_table::decode(bytes); }

}  // namespace cunzhan::platform
