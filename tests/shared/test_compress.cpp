// Tests for body compression: round trips, header parsing, corrupt input, and zstd /
// gzip bombs that must stop at the cap with bounded memory.
#include <catch2/catch.hpp>

#include <sys/resource.h>
#include <zlib.h>
#include <zstd.h>

#include <memory>

#include "cunzhan/shared/compress.hpp"

using namespace cunzhan;

namespace {

constexpr std::size_t mib = 1024 * 1024;

std::string sample_text() {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "村站 listing " + std::to_string(i * 7919 % 1000) + " 脐橙 kg\n";
  return s;
}

// 100 MiB of zeros compressed by streaming 1 MiB at a time, so the test itself never
// holds the expanded data: a real bomb is a few kilobytes.
std::string zstd_bomb() {
  std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> c(ZSTD_createCCtx(), ZSTD_freeCCtx);
  ZSTD_CCtx_setParameter(c.get(), ZSTD_c_compressionLevel, 3);
  const std::string zeros(mib, '\0');
  std::string out, buf(ZSTD_CStreamOutSize(), '\0');
  for (int i = 0; i < 100; ++i) {
    ZSTD_inBuffer in{zeros.data(), zeros.size(), 0};
    const auto mode = i == 99 ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
      ZSTD_outBuffer o{buf.data(), buf.size(), 0};
      const std::size_t left = ZSTD_compressStream2(c.get(), &o, &in, mode);
      REQUIRE_FALSE(ZSTD_isError(left));
      out.append(buf.data(), o.pos);
      if (mode == ZSTD_e_end ? left == 0 : in.pos == in.size) break;
    }
  }
  return out;
}

std::string gzip_bomb() {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string zeros(mib, '\0'), out, buf(mib, '\0');
  for (int i = 0; i < 100; ++i) {
    z.next_in = reinterpret_cast<Bytef*>(zeros.data());
    z.avail_in = static_cast<uInt>(zeros.size());
    const int flush = i == 99 ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf.data());
      z.avail_out = static_cast<uInt>(buf.size());
      deflate(&z, flush);
      out.append(buf.data(), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  return out;
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

TEST_CASE("compress: zstd and gzip round trip", "[compress]") {
  for (const std::string& s : {sample_text(), std::string(), std::string("x"), std::string(300000, '\0')}) {
    const std::string z = zstd_compress(s);
    auto back = decompress(content_encoding::zstd, z, 1 << 20);
    REQUIRE(back.ok());
    CHECK(*back == s);
    const std::string g = gzip_compress(s);
    CHECK(g.substr(0, 2) == "\x1f\x8b");
    auto gback = decompress(content_encoding::gzip, g, 1 << 20);
    REQUIRE(gback.ok());
    CHECK(*gback == s);
    if (s.size() > 1000) CHECK(z.size() < s.size() / 3);
  }
  CHECK(*decompress(content_encoding::identity, "plain", 10) == "plain");
}

TEST_CASE("compress: output exactly at the cap is fine, one byte over is not", "[compress]") {
  const std::string s = sample_text();
  CHECK(decompress(content_encoding::zstd, zstd_compress(s), s.size()).ok());
  CHECK(decompress(content_encoding::zstd, zstd_compress(s), s.size() - 1).err().code ==
        errc::payload_too_large);
  CHECK(decompress(content_encoding::gzip, gzip_compress(s), s.size()).ok());
  CHECK(decompress(content_encoding::gzip, gzip_compress(s), s.size() - 1).err().code ==
        errc::payload_too_large);
  CHECK(decompress(content_encoding::identity, s, s.size() - 1).err().code == errc::payload_too_large);
}

TEST_CASE("compress: a zstd bomb stops at max_out with bounded memory", "[compress]") {
  const std::string bomb = zstd_bomb();
  INFO("bomb size " << bomb.size());
  CHECK(bomb.size() < 64 * 1024);
  const long before = peak_rss_kib();
  auto r = decompress(content_encoding::zstd, bomb, 1 * mib);
  const long grown_kib = peak_rss_kib() - before;
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::payload_too_large);
  CHECK(grown_kib < 32 * 1024);  // far below the 100 MiB the bomb expands to
  // With room enough it really is 100 MiB of zeros (the bomb is genuine).
  auto full = decompress(content_encoding::zstd, bomb, 100 * mib);
  if (!full.ok()) FAIL(full.err().describe(lang::en));
  CHECK(full->size() == 100 * mib);
}

TEST_CASE("compress: a gzip bomb stops at max_out with bounded memory", "[compress]") {
  const std::string bomb = gzip_bomb();
  CHECK(bomb.size() < 200 * 1024);
  const long before = peak_rss_kib();
  auto r = decompress(content_encoding::gzip, bomb, 1 * mib);
  const long grown_kib = peak_rss_kib() - before;
  REQUIRE_FALSE(r.ok());
  CHECK(r.err().code == errc::payload_too_large);
  CHECK(grown_kib < 32 * 1024);
}

TEST_CASE("compress: corrupt or truncated input is bad_request", "[compress]") {
  const std::string s = sample_text();
  const std::string z = zstd_compress(s);
  const std::string g = gzip_compress(s);
  CHECK(decompress(content_encoding::zstd, "definitely not zstd", 1 << 20).err().code == errc::bad_request);
  CHECK(decompress(content_encoding::gzip, "definitely not gzip", 1 << 20).err().code == errc::bad_request);
  CHECK(decompress(content_encoding::zstd, z.substr(0, z.size() / 2), 1 << 20).err().code ==
        errc::bad_request);
  CHECK(decompress(content_encoding::gzip, g.substr(0, g.size() / 2), 1 << 20).err().code ==
        errc::bad_request);
  std::string flipped = g;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
  CHECK(decompress(content_encoding::gzip, flipped, 1 << 20).err().code == errc::bad_request);
  // Trailing junk after a complete gzip member is not a second member.
  CHECK(decompress(content_encoding::gzip, g + "junk", 1 << 20).err().code == errc::bad_request);
  // Two gzip members are one body.
  CHECK(*decompress(content_encoding::gzip, g + g, 1 << 20) == s + s);
}

TEST_CASE("compress: Content-Encoding parsing", "[compress]") {
  CHECK(*parse_content_encoding("") == content_encoding::identity);
  CHECK(*parse_content_encoding("identity") == content_encoding::identity);
  CHECK(*parse_content_encoding(" GZip ") == content_encoding::gzip);
  CHECK(*parse_content_encoding("zstd") == content_encoding::zstd);
  auto br = parse_content_encoding("br");
  REQUIRE_FALSE(br.ok());
  CHECK(br.err().code == errc::unsupported_encoding);
  CHECK_FALSE(br.err().detail_zh.empty());
  CHECK(parse_content_encoding("gzip, br").err().code == errc::unsupported_encoding);
  CHECK(to_string(content_encoding::zstd) == "zstd");
  CHECK(*parse_content_encoding(to_string(content_encoding::gzip)) == content_encoding::gzip);
}
