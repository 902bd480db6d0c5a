-- One wrk script for every GridHub endpoint the HTTP benchmark measures; bench_http.py says what to
-- send through environment variables, and done() writes the run's numbers as JSON.
--   BENCH_PATHS   file of request paths, one a line, taken in turn (GETs)
--   BENCH_TOKENS  file of bearer tokens, one a line, taken in turn
--   BENCH_BODY    "report" (JSON 随手拍), "photo" (multipart with BENCH_PHOTO) or empty
--   BENCH_POINTS  file of "lat,lon" lines for reports;  BENCH_CLASSES: catalogue codes, one a line
--   BENCH_PHOTO, BENCH_PHOTO_OFFSET  a JPEG and where in its scan data each request writes its own
--                 16 digits, so every photo is new (stored by SHA-256, a repeat would cost nothing)
--   BENCH_PATROLS for BENCH_BODY "fixes": file of "token patrol-id start-millis" lines, running patrols
--                 of grid workers; each request sends the next 500 fixes, a second apart, of one of them
--   BENCH_PORTS   ports of several GridHub instances on the target host (comma-separated), dealt to
--                 wrk's threads in turn: the round-robin in front of a city's instances
--   BENCH_RUN     a name unique to this wrk run, for the Idempotency-Keys
--   BENCH_OUT     where done() writes its JSON

local function lines(path)
  local t = {}
  if path == nil or path == "" then return t end
  for line in io.lines(path) do if line ~= "" then t[#t + 1] = line end end
  return t
end

local counter = 0
local paths, tokens, points, classes = {}, {}, {}, {}
local body_kind = os.getenv("BENCH_BODY") or ""
local run = os.getenv("BENCH_RUN") or tostring(os.time())
local photo_head, photo_tail
local patrols, batches = {}, {}
local FIXES = 500

local threads = {}
local ports = {}
for port in (os.getenv("BENCH_PORTS") or ""):gmatch("%d+") do ports[#ports + 1] = port end
function setup(thread)
  if #ports > 0 then thread.addr = wrk.lookup(wrk.host, ports[#threads % #ports + 1])[1] end
  thread:set("id", #threads + 1)
  threads[#threads + 1] = thread
end

function init(args)
  paths = lines(os.getenv("BENCH_PATHS"))
  tokens = lines(os.getenv("BENCH_TOKENS"))
  points = lines(os.getenv("BENCH_POINTS"))
  classes = lines(os.getenv("BENCH_CLASSES"))
  math.randomseed(id * 7919 + os.time())
  -- Each wrk thread takes its own patrols, so no two threads send the same fix times.
  for i, line in ipairs(lines(os.getenv("BENCH_PATROLS"))) do
    if (i - 1) % tonumber(os.getenv("BENCH_THREADS") or "2") == id - 1 then
      local token, patrol, start = line:match("(%S+) (%S+) (%S+)")
      patrols[#patrols + 1] = { token = token, id = patrol, start = tonumber(start) }
      batches[#batches + 1] = 0
    end
  end
  if body_kind == "photo" then
    local f = assert(io.open(os.getenv("BENCH_PHOTO"), "rb"))
    local data = f:read("*a")
    f:close()
    local offset = tonumber(os.getenv("BENCH_PHOTO_OFFSET"))
    photo_head, photo_tail = data:sub(1, offset), data:sub(offset + 17)
  end
end

local boundary = "gridhubbench7MA4YWxkTrZu0gW"
local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

local function fixes()
  local k = counter % #patrols + 1
  local p = patrols[k]
  local first = p.start + batches[k] * FIXES * 1000
  batches[k] = batches[k] + 1
  local parts = {}
  for j = 0, FIXES - 1 do
    parts[#parts + 1] = string.format('{"at":%d,"lat":%.6f,"lon":%.6f,"accuracy":8}', first + j * 1000,
      43.88 + (j % 50) * 0.000009, 125.31 + math.floor(j / 50) * 0.000009)
  end
  local headers = { ["Authorization"] = "Bearer " .. p.token, ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/patrols/" .. p.id .. "/fixes", headers,
    '{"device":"bench-' .. run .. '","fixes":[' .. table.concat(parts, ",") .. ']}')
end

function request()
  counter = counter + 1
  if body_kind == "fixes" then return fixes() end
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[counter % #tokens + 1] end
  if body_kind == "" then
    return wrk.format("GET", paths[counter % #paths + 1], headers)
  end
  local lat, lon = points[math.random(#points)]:match("([^,]+),([^,]+)")
  local class = classes[math.random(#classes)]
  local description = "压测上报 " .. id .. "-" .. counter
  -- Unique across runs and threads: a key reused with another body is (rightly) refused.
  headers["Idempotency-Key"] = "bench-" .. run .. "-" .. id .. "-" .. counter
  if body_kind == "report" then
    headers["Content-Type"] = "application/json"
    local body = string.format('{"lat":%s,"lon":%s,"class_code":"%s","description":"%s"}', lat, lon, class, description)
    return wrk.format("POST", "/api/v1/reports", headers, body)
  end
  headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
  local body = field("lat", lat) .. field("lon", lon) .. field("class_code", class) .. field("description", description)
    .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"photo.jpg\"\r\n"
    .. "Content-Type: image/jpeg\r\n\r\n" .. photo_head .. string.format("%08d%08d", id, counter) .. photo_tail
    .. "\r\n--" .. boundary .. "--\r\n"
  return wrk.format("POST", "/api/v1/reports", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  local f = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  f:write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"status_errors":%d,"socket_errors":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}',
    summary.requests, summary.duration, summary.bytes, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
  f:close()
end
