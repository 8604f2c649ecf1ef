// cli_args: the one option parser of `hub` and `station` (values, repeats, flags,
// positionals, and every usage error in both languages).
#include <catch2/catch.hpp>

#include "cunzhan/shared/cli_args.hpp"

using namespace cunzhan;

namespace {

result<cli_args> parse(std::vector<std::string> argv) {
  return cli_args::parse(argv, {"data", "--price", "host"}, {"force", "--townships"});
}

}  // namespace

TEST_CASE("cli_args: values in both forms, repeats, flags and positionals") {
  auto a = parse({"add", "--data", "/d", "--price=2.50", "--host", "a", "--host=b", "--force", "x", "--",
                  "--townships"});
  REQUIRE(a);
  CHECK(a->get("data") == "/d");
  CHECK(a->get("--data") == "/d");  // with or without the dashes
  CHECK(a->get("price") == "2.50");
  CHECK(a->get("host") == "b");  // a repeated single value: the last wins
  CHECK(a->all("--host") == std::vector<std::string>{"a", "b"});
  CHECK(a->all("data") == std::vector<std::string>{"/d"});
  CHECK(a->all("townships").empty());
  CHECK(a->has("force"));
  CHECK(a->has("--force"));
  CHECK(a->has("data"));  // an option given counts too
  CHECK(a->has("townships"));
  CHECK_FALSE(a->get("townships"));
  // "--" itself is a positional (both parsers so far); what follows is still read as options.
  CHECK(a->positional() == std::vector<std::string>{"add", "x", "--"});
}

TEST_CASE("cli_args: --help, -h and --json are always flags, values keep = and dashes") {
  auto a = parse({"-h", "--json", "--data", "--force", "--price=a=b", "-x"});
  REQUIRE(a);
  CHECK(a->has("help"));
  CHECK(a->has("--json"));
  CHECK(a->get("data") == "--force");  // the next word is the value, whatever it looks like
  CHECK_FALSE(a->has("force"));
  CHECK(a->get("price") == "a=b");
  CHECK(a->positional() == std::vector<std::string>{"-x"});
  CHECK(cli_args::parse({"--help"}, {})->has("help"));
}

TEST_CASE("cli_args: usage errors name the option in Chinese and English") {
  auto check = [](std::vector<std::string> argv, const std::string& en, const std::string& zh) {
    auto a = parse(argv);
    REQUIRE_FALSE(a);
    CHECK(a.err().code == errc::invalid_argument);
    CHECK(a.err().detail_en == en);
    CHECK(a.err().detail_zh == zh);
  };
  check({"--colour", "red"}, "unknown option --colour (see --help)", "未知选项 --colour（参见 --help）");
  check({"--data"}, "option --data needs a value", "选项 --data 需要一个值");
  check({"--force=yes"}, "option --force takes no value", "选项 --force 不带值");
  check({"--json=1"}, "option --json takes no value", "选项 --json 不带值");
  check({"--=x"}, "unknown option -- (see --help)", "未知选项 --（参见 --help）");
}

TEST_CASE("cli_args: required() gives the value or names what is missing") {
  auto a = parse({"--data", "/d", "--price="});
  REQUIRE(a);
  CHECK(a->required("data").value() == "/d");
  auto missing = a->required("--host");
  REQUIRE_FALSE(missing);
  CHECK(missing.err().code == errc::invalid_argument);
  CHECK(missing.err().detail_en == "missing --host (see --help)");
  CHECK(missing.err().detail_zh == "缺少 --host（参见 --help）");
  CHECK_FALSE(a->required("price"));  // given empty counts as missing
}
