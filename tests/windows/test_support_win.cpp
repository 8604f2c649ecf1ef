// The test helpers of tests/support/test_support.hpp for the Windows build of the
// station's tests (run under Wine): CreateProcessW with pipes instead of fork/exec.
#include <windows.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "cunzhan/platform/path.hpp"
#include "test_support.hpp"

namespace cunzhan::test {
namespace {

std::wstring widen(const std::string& s) {
  const int n = MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), nullptr, 0);
  std::wstring w(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, s.data(), static_cast<int>(s.size()), w.data(), n);
  return w;
}

// One argument quoted as CommandLineToArgvW reads it back.
std::wstring quote(const std::wstring& a) {
  if (!a.empty() && a.find_first_of(L" \t\"") == std::wstring::npos) return a;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : a) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, L'\\');
  return out + L"\"";
}

// The environment block: ours, LANG=C.UTF-8 (English unless a test asks), then `extra`.
std::wstring env_block(const std::map<std::string, std::string>& extra) {
  std::map<std::wstring, std::wstring> env;
  wchar_t* all = GetEnvironmentStringsW();
  for (const wchar_t* e = all; *e; e += wcslen(e) + 1) {
    std::wstring s = e;
    const auto eq = s.find(L'=', 1);
    if (eq != std::wstring::npos) env[s.substr(0, eq)] = s.substr(eq + 1);
  }
  FreeEnvironmentStringsW(all);
  env[L"LANG"] = L"C.UTF-8";
  env.erase(L"LC_ALL");
  for (const auto& [k, v] : extra) env[widen(k)] = widen(v);
  std::wstring block;
  for (const auto& [k, v] : env) block += k + L"=" + v + L'\0';
  return block + L'\0';
}

void drain(HANDLE h, std::string* out) {
  char buf[4096];
  DWORD n = 0;
  while (ReadFile(h, buf, sizeof buf, &n, nullptr) && n > 0) out->append(buf, n);
}

}  // namespace

temp_dir::temp_dir(const std::string& prefix) {
  wchar_t base[MAX_PATH + 1];
  GetTempPathW(MAX_PATH + 1, base);
  std::random_device rd;
  for (int i = 0; i < 100; ++i) {
    fs::path p = fs::path(base) / platform::path_from_utf8(prefix + "-" + std::to_string(rd()));
    std::error_code ec;
    if (fs::create_directory(p, ec)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("temp_dir: cannot create");
}

temp_dir::~temp_dir() {
  if (std::getenv("CUNZHAN_KEEP_TMP")) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

run_result run(const std::vector<std::string>& argv, const std::string& stdin_data,
               const std::map<std::string, std::string>& env) {
  SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
  HANDLE in_r, in_w, out_r, out_w, err_r, err_w;
  if (!CreatePipe(&in_r, &in_w, &sa, 0) || !CreatePipe(&out_r, &out_w, &sa, 0) ||
      !CreatePipe(&err_r, &err_w, &sa, 0))
    throw std::runtime_error("CreatePipe");
  SetHandleInformation(in_w, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(out_r, HANDLE_FLAG_INHERIT, 0);
  SetHandleInformation(err_r, HANDLE_FLAG_INHERIT, 0);
  std::wstring cmd;
  for (const auto& a : argv) cmd += (cmd.empty() ? L"" : L" ") + quote(widen(a));
  std::wstring block = env_block(env);
  STARTUPINFOW si{};
  si.cb = sizeof si;
  si.dwFlags = STARTF_USESTDHANDLES;
  si.hStdInput = in_r;
  si.hStdOutput = out_w;
  si.hStdError = err_w;
  PROCESS_INFORMATION pi{};
  const std::wstring exe = widen(argv.at(0));
  // Wine on a loaded machine now and then fails a process start that works a moment later
  // (seen once in CI, with nothing wrong with the program); that is the test machine, not
  // the station, so a start is tried a few times and the last error is named.
  DWORD last_error = 0;
  for (int attempt = 0; attempt < 4; ++attempt) {
    if (attempt > 0) Sleep(250 * attempt);
    if (CreateProcessW(exe.c_str(), cmd.data(), nullptr, nullptr, TRUE, CREATE_UNICODE_ENVIRONMENT,
                       block.data(), nullptr, &si, &pi)) {
      last_error = 0;
      break;
    }
    last_error = GetLastError();
  }
  if (last_error != 0)
    throw std::runtime_error("CreateProcessW failed for " + argv.at(0) + " (error " +
                             std::to_string(last_error) + ")");
  CloseHandle(in_r);
  CloseHandle(out_w);
  CloseHandle(err_w);
  run_result r;
  std::thread out_reader(drain, out_r, &r.out), err_reader(drain, err_r, &r.err);
  DWORD written = 0;
  if (!stdin_data.empty())
    WriteFile(in_w, stdin_data.data(), static_cast<DWORD>(stdin_data.size()), &written, nullptr);
  CloseHandle(in_w);
  out_reader.join();
  err_reader.join();
  WaitForSingleObject(pi.hProcess, INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(pi.hProcess, &code);
  r.exit_code = static_cast<int>(code);
  CloseHandle(pi.hProcess);
  CloseHandle(pi.hThread);
  CloseHandle(out_r);
  CloseHandle(err_r);
  return r;
}

std::string read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string to_gbk(const std::string& utf8) {
  const std::wstring w = widen(utf8);
  BOOL lossy = FALSE;
  const int n =
      WideCharToMultiByte(936, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, &lossy);
  std::string out(static_cast<std::size_t>(n), '\0');
  WideCharToMultiByte(936, 0, w.data(), static_cast<int>(w.size()), out.data(), n, nullptr, &lossy);
  if (lossy) throw std::runtime_error("not representable in GBK");
  return out;
}

void write_file(const fs::path& p, const std::string& data) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << data;
}

std::string station_bin() { return CUNZHAN_STATION_BIN; }
fs::path source_dir() { return platform::path_from_utf8(CUNZHAN_SOURCE_DIR); }
fs::path divisions_dir() { return source_dir() / "shared" / "data" / "divisions"; }

}  // namespace cunzhan::test
