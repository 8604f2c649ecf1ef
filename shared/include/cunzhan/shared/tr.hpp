// Picking the text for the reader's language. Every helper that chooses between two
// texts takes them in the order (zh, en): Chinese first, as the officers read it and as
// most of the code already wrote it. (error and field_error keep their (en, zh) fields:
// they are records carrying both texts, not a choice between them.)
#pragma once
#include <string_view>

#include "cunzhan/shared/errc.hpp"

namespace cunzhan {

constexpr std::string_view tr(lang l, std::string_view zh, std::string_view en) noexcept {
  return l == lang::zh ? zh : en;
}

}  // namespace cunzhan
