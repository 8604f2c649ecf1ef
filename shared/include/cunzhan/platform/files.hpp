// File operations whose POSIX and Windows forms differ: a write that reaches the disk
// before it returns, a file's identity for change detection, owner-only directories.
// files_posix.cpp / files_win.cpp.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::platform {

// Replaces the file with `bytes`, readable by the owner only, flushed to the disk
// (fsync / FlushFileBuffers) before returning.
status write_file_synced(const std::filesystem::path& file, std::string_view bytes);

// One line that changes whenever the file is replaced or written: its volume and file
// id, size, modification and change times. nullopt when it does not exist.
std::optional<std::string> file_identity(const std::filesystem::path& file);

// Limits a directory to its owner (0700). Windows: nothing to do, the per-user profile
// folders the station uses are already private to the user.
void restrict_to_owner(const std::filesystem::path& dir);

}  // namespace cunzhan::platform
