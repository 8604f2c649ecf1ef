// The one message both decoders give for a byte that is not GB18030.
#pragma once
#include <string>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform {

inline error not_gb18030_at(std::size_t offset) {
  const std::string at = std::to_string(offset);
  return error(errc::encoding_unsupported,
               "file is neither UTF-8 nor GB18030/GBK (bad byte at offset " + at + ")",
               "文件既不是 UTF-8 也不是 GB18030/GBK 编码（第 " + at + " 字节无法识别）");
}

}  // namespace cunzhan::platform
