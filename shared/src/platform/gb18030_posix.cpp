// GB18030 → UTF-8 with glibc's iconv (see gb18030.hpp).
#include <iconv.h>

#include <cerrno>
#include <memory>

#include "cunzhan/platform/gb18030.hpp"
#include "gb18030_error.hpp"

namespace cunzhan::platform {

result<std::string> gb18030_to_utf8(std::string_view bytes) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return error(errc::encoding_unsupported, "GB18030 decoder not available", "系统缺少 GB18030 解码器");
  }
  std::unique_ptr<void, int (*)(iconv_t)> guard(cd, iconv_close);
  std::string out;
  out.reserve(bytes.size() * 3 / 2 + 16);
  char* in = const_cast<char*>(bytes.data());
  std::size_t in_left = bytes.size();
  char buf[4096];
  while (in_left > 0) {
    char* dst = buf;
    std::size_t dst_left = sizeof buf;
    const std::size_t rc = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buf, static_cast<std::size_t>(dst - buf));
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return not_gb18030_at(bytes.size() - in_left);
  }
  return out;
}

}  // namespace cunzhan::platform
