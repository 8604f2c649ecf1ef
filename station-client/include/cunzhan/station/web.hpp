// The officer's local web app (`station serve`): a second face on the same store, with
// the same validation, CSV import and sync engine as the CLI, served as plain HTTP on
// loopback from this program (no files, CDN or fonts fetched at run time).
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

#include "cunzhan/shared/result.hpp"

namespace cunzhan::station_client {

struct web_options {
  std::filesystem::path data_dir;            // the station's data directory (must be enrolled)
  std::string listen_address = "127.0.0.1";  // loopback only unless the officer says otherwise
  unsigned short port = 8765;                // 0 → any free port (see web_server::port)
  lang default_language = lang::zh;          // pages switch with ?lang=en|zh (kept in a cookie)
  std::size_t max_upload_bytes = 8 << 20;    // one CSV file on the import page
  std::size_t max_connections = 32;          // one officer, one browser: a few are plenty
};

class web_server {
 public:
  explicit web_server(web_options o);
  ~web_server();
  web_server(const web_server&) = delete;
  web_server& operator=(const web_server&) = delete;

  // Opens the store (not_initialised when the station is not enrolled) and binds.
  status start();
  unsigned short port() const;
  std::string url() const;  // "http://127.0.0.1:8765/"
  // Blocks until SIGINT/SIGTERM, then stops (waiting for a running sync to end).
  void run_until_signal();
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// Whether a `station serve` answers on 127.0.0.1:port (its /ping), so `serve --open` of a
// second shortcut click only opens the browser instead of failing on a busy port.
bool station_serving_at(unsigned short port);

}  // namespace cunzhan::station_client
