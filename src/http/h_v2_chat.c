/* /v2/im/chat/messages: a chatbot's messages, a thin adapter over api/chat.c. */
#include "http/v2.h"

int h_v2_chat_message_send(struct http_req *r)
{
    json_t *body = v2_body(r), *out = NULL;
    if (!body)
        return 0;
    struct perr e = {0};
    int rc = chat_bot_send(r->db, r->token.client_id, body, &out, &e);
    json_decref(body);
    if (rc != 0)
        return v2_fail(r, &e);
    http_send_json(r, 201, out);
    return 0;
}
