/* /v2/users: thin adapters over api/users.c. */
#include "http/router.h"
#include "http/v2.h"

#include <stdio.h>
#include <string.h>

int h_v2_user_get(struct http_req *r)
{
    struct user u;
    if (v2_target_user(r, &u) != 0)
        return 0;
    http_send_json(r, 200, api_user_object(&u));
    return 0;
}
