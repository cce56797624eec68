/* box_json.c - box_result -> JSON (keys: docs/result-keys.md). */
#include "box_json.h"

json_t *box_status_json(int status)
{
	return json_pack("{s:i, s:s}", "id", status, "description", box_status_description(status));
}

json_t *box_result_json(const struct box_result *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "status", box_status_json(r->status));
	json_object_set_new(o, "exit_code", r->exit_code >= 0 ? json_integer(r->exit_code) : json_null());
	json_object_set_new(o, "exit_signal", r->exit_signal ? json_integer(r->exit_signal) : json_null());
	json_object_set_new(o, "time", json_real(r->cpu_ms / 1000.0));
	json_object_set_new(o, "wall_time", json_real(r->wall_ms / 1000.0));
	json_object_set_new(o, "memory", json_integer((json_int_t)r->memory_kb));
	json_object_set_new(o, "message", r->message[0] ? json_string(r->message) : json_null());
	json_object_set_new(o, "limit", r->hit ? json_string(box_limit_name(r->hit)) : json_null());
	json_object_set_new(o, "killed", json_boolean(r->killed));
	json_object_set_new(o, "stdout", json_text(r->out.data, r->out.len));
	json_object_set_new(o, "stderr", json_text(r->err.data, r->err.len));
	json_object_set_new(o, "stdout_truncated", json_boolean(r->out.truncated));
	json_object_set_new(o, "stderr_truncated", json_boolean(r->err.truncated));
	return o;
}
