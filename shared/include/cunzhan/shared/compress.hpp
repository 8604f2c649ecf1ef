// Body compression for the wire: zstd and gzip, with a hard cap on the decompressed size
// so a small hostile body cannot expand into gigabytes (zip bomb → payload_too_large).
#pragma once
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan {

enum class content_encoding { identity, gzip, zstd };

// A reply body shorter than this goes uncompressed: below it the encoding header costs
// more than zstd saves. One rule for the server layer and the hub's sync replies.
inline constexpr std::size_t k_min_compress_bytes = 1024;

// Parses a Content-Encoding header value ("zstd", "gzip", "identity", "" → identity).
result<content_encoding> parse_content_encoding(std::string_view header);
std::string_view to_string(content_encoding e);

std::string zstd_compress(std::string_view in, int level = 3);
std::string gzip_compress(std::string_view in, int level = 6);
result<std::string> decompress(content_encoding e, std::string_view in, std::size_t max_out);

}  // namespace cunzhan
