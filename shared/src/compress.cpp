// zstd and gzip bodies for the wire. Decompression is streamed in fixed chunks and
// stops the moment the output would pass the caller's cap, so a few kilobytes of
// hostile input can never expand into more than max_out (+ one chunk) of memory.
#include "cunzhan/shared/compress.hpp"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "cunzhan/shared/text.hpp"

namespace cunzhan {

namespace {

constexpr std::size_t chunk_size = 64 * 1024;
// zstd frames may ask for a window up to 2 GiB; 8 MiB is far above what our level-3
// frames use (2 MiB) and keeps the decoder's own allocation bounded too.
constexpr int zstd_window_log_max = 23;

error too_large(std::size_t max_out) {
  const std::string n = std::to_string(max_out);
  return error(errc::payload_too_large, "decompressed body is larger than " + n + " bytes",
               "解压后的内容超过 " + n + " 字节");
}

error corrupt(std::string_view what, std::string_view why) {
  return error(errc::bad_request, std::string(what) + " body is corrupt: " + std::string(why),
               std::string(what) + " 压缩内容已损坏：" + std::string(why));
}

// Appends a produced chunk unless that would pass the cap.
bool append_capped(std::string& out, const char* buf, std::size_t n, std::size_t max_out) {
  if (n > max_out - out.size()) return false;
  out.append(buf, n);
  return true;
}

result<std::string> zstd_decompress(std::string_view in, std::size_t max_out) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) return error(errc::server_error, "out of memory", "内存不足");
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, zstd_window_log_max);
  auto buf = std::make_unique<char[]>(chunk_size);
  std::string out;
  ZSTD_inBuffer src{in.data(), in.size(), 0};
  std::size_t pending = 0;  // non-zero while a frame is unfinished
  for (;;) {
    ZSTD_outBuffer dst{buf.get(), chunk_size, 0};
    const std::size_t in_before = src.pos;
    pending = ZSTD_decompressStream(ctx.get(), &dst, &src);
    if (ZSTD_isError(pending)) return corrupt("zstd", ZSTD_getErrorName(pending));
    if (!append_capped(out, buf.get(), dst.pos, max_out)) return too_large(max_out);
    if (pending == 0 && src.pos == src.size) break;  // every frame decoded and flushed
    // The decoder buffers input and works a stage per call, so only a call that neither
    // reads nor writes anything means it is starved (a truncated frame).
    if (src.pos == in_before && dst.pos == 0) break;
  }
  if (pending != 0) return corrupt("zstd", "truncated frame");
  return out;
}

result<std::string> gzip_decompress(std::string_view in, std::size_t max_out) {
  if (in.size() > UINT_MAX) return too_large(max_out);
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return error(errc::server_error, "out of memory", "内存不足");
  std::unique_ptr<z_stream, decltype(&inflateEnd)> guard(&z, inflateEnd);
  auto buf = std::make_unique<char[]>(chunk_size);
  std::string out;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buf.get());
    z.avail_out = static_cast<uInt>(chunk_size);
    const int rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = chunk_size - z.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
      return corrupt("gzip", z.msg ? z.msg : "inflate failed");
    }
    if (!append_capped(out, buf.get(), produced, max_out)) return too_large(max_out);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) return out;
      // Concatenated gzip members are one body (RFC 1952 allows it).
      if (inflateReset(&z) != Z_OK) return corrupt("gzip", "reset failed");
      continue;
    }
    if (rc == Z_BUF_ERROR && produced == 0) return corrupt("gzip", "truncated stream");
  }
}

}  // namespace

result<content_encoding> parse_content_encoding(std::string_view header) {
  std::string v = to_upper_ascii(trim(header));
  if (v.empty() || v == "IDENTITY") return content_encoding::identity;
  if (v == "GZIP" || v == "X-GZIP") return content_encoding::gzip;
  if (v == "ZSTD") return content_encoding::zstd;
  const std::string h(header);
  return error(errc::unsupported_encoding,
               "Content-Encoding \"" + h + "\" is not supported (use identity, gzip or zstd)",
               "不支持的内容编码 \"" + h + "\"（可用 identity、gzip 或 zstd）");
}

std::string_view to_string(content_encoding e) {
  switch (e) {
    case content_encoding::gzip: return "gzip";
    case content_encoding::zstd: return "zstd";
    case content_encoding::identity: break;
  }
  return "identity";
}

std::string zstd_compress(std::string_view in, int level) {
  std::string out(ZSTD_compressBound(in.size()), '\0');
  const std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(), level);
  // Compressing into a buffer of compressBound size cannot fail short of a bad level.
  if (ZSTD_isError(n)) return {};
  out.resize(n);
  return out;
}

std::string gzip_compress(std::string_view in, int level) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::unique_ptr<z_stream, decltype(&deflateEnd)> guard(&z, deflateEnd);
  std::string out;
  auto buf = std::make_unique<char[]>(chunk_size);
  std::size_t offset = 0;
  int flush = Z_NO_FLUSH;
  do {
    // Feed at most UINT_MAX at a time: avail_in is 32-bit.
    if (z.avail_in == 0 && flush == Z_NO_FLUSH) {
      const std::size_t n = std::min<std::size_t>(in.size() - offset, UINT_MAX);
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + offset));
      z.avail_in = static_cast<uInt>(n);
      offset += n;
      if (offset == in.size()) flush = Z_FINISH;
    }
    z.next_out = reinterpret_cast<Bytef*>(buf.get());
    z.avail_out = static_cast<uInt>(chunk_size);
    const int rc = deflate(&z, flush);
    if (rc == Z_STREAM_ERROR) return {};
    out.append(buf.get(), chunk_size - z.avail_out);
    if (rc == Z_STREAM_END) break;
  } while (true);
  return out;
}

result<std::string> decompress(content_encoding e, std::string_view in, std::size_t max_out) {
  switch (e) {
    case content_encoding::zstd:
      if (in.empty()) return std::string();
      return zstd_decompress(in, max_out);
    case content_encoding::gzip:
      if (in.empty()) return std::string();
      return gzip_decompress(in, max_out);
    case content_encoding::identity: break;
  }
  if (in.size() > max_out) return too_large(max_out);
  return std::string(in);
}

}  // namespace cunzhan
