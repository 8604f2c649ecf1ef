// error::describe: renders an error as one line for the officer or the log.
#include "cunzhan/shared/result.hpp"

namespace cunzhan {

std::string error::describe(lang l) const {
  const bool zh = l == lang::zh;
  std::string out(message(code, l));
  // Fall back to the other language's detail rather than hiding it.
  const std::string& d =
      zh ? (detail_zh.empty() ? detail_en : detail_zh) : (detail_en.empty() ? detail_zh : detail_en);
  if (!d.empty()) {
    out += zh ? "：" : ": ";
    out += d;
  }
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const field_error& f = fields[i];
    out += i == 0 ? (zh ? "：" : ": ") : (zh ? "；" : "; ");
    const std::string& m = zh ? (f.message_zh.empty() ? f.message_en : f.message_zh)
                              : (f.message_en.empty() ? f.message_zh : f.message_en);
    out += f.field;
    out += zh ? "：" : ": ";
    out += m.empty() ? std::string(message(f.code, l)) : m;
  }
  return out;
}

}  // namespace cunzhan
