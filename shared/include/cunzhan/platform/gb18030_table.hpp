// glibc's GB18030 decoding as tables (generated: gb18030_table_common.cpp), so the Windows
// build decodes Excel's GBK/GB18030 files exactly as the Linux build does.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform::gb18030_table {

constexpr std::uint32_t k_refused = 0xFFFFFFFF;
struct four_byte_run {
  std::uint32_t linear;
  std::uint32_t first;
};

extern const std::uint32_t k_two_byte[126 * 190];
extern const four_byte_run k_four_byte_bmp[];
extern const std::size_t k_four_byte_bmp_runs;
extern const std::uint32_t k_bmp_linear_end;
extern const std::uint32_t k_supplementary_first;

// The whole input to UTF-8, or encoding_unsupported at the first byte glibc would refuse.
result<std::string> decode(std::string_view bytes);

}  // namespace cunzhan::platform::gb18030_table
