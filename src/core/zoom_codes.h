/* Zoom's error codes, one named list: the numbers Zoom's REST API, OAuth pages
 * and Marketplace answer with (zoom-wire §1.6 and §2.2, the OpenAPI files'
 * error tables), by what they mean. Domain code names one on its struct perr
 * (zoom_code); the HTTP edge (http/response.c) writes it, with the status the
 * error's kind gives. Zoom's messages are written where the error is made,
 * since most carry the object's id. */
#ifndef PLAZA_ZOOM_CODES_H
#define PLAZA_ZOOM_CODES_H

enum zoom_code {
    ZOOM_CODE_NONE = 0,
    ZOOM_PICTURE_INVALID = 120,            /* a profile picture that is no JPG/PNG, or too large */
    ZOOM_ACCESS_TOKEN_INVALID = 124,       /* 401: an invalid or expired access token */
    ZOOM_NO_PERMISSION = 200,              /* the caller may not do this to the object */
    ZOOM_VALIDATION_FAILED = 300,          /* a field or parameter is wrong */
    ZOOM_NOT_FOUND = 404,                  /* no such route */
    ZOOM_METHOD_NOT_ALLOWED = 405,         /* the route has no such method */
    ZOOM_RATE_LIMITED = 429,               /* a rate or daily limit */
    ZOOM_USER_NOT_FOUND = 1001,            /* no such user */
    ZOOM_USER_NOT_IN_ACCOUNT = 1010,       /* the user belongs to another account */
    ZOOM_ACCOUNT_NOT_FOUND = 2001,         /* no such account, or not the caller's */
    ZOOM_MEETING_REFUSED = 3000,           /* the meeting cannot take this change now */
    ZOOM_MEETING_NOT_FOUND = 3001,         /* no such meeting or webinar */
    ZOOM_MEETING_IN_PROGRESS = 3002,       /* a meeting in progress cannot be deleted */
    ZOOM_MEETING_ENDED = 3007,             /* an ended meeting cannot be deleted */
    ZOOM_HOST_CANNOT_REGISTER = 3027,      /* the host registering for their own meeting */
    ZOOM_WEBINAR_OVER = 3038,              /* registration after the webinar ended */
    ZOOM_RECORDING_NOT_FOUND = 3301,       /* no such cloud recording */
    ZOOM_RECORDING_IN_PROGRESS = 3303,     /* a recording of a meeting in progress */
    ZOOM_OAUTH_INVALID_REQUEST = 4700,     /* the authorize page: a bad client, scope or parameter */
    ZOOM_OAUTH_INVALID_CLIENT_ID = 4702,   /* the authorize page: an unknown client_id */
    ZOOM_OAUTH_REDIRECT_MISMATCH = 4709,   /* the authorize page: redirect_uri not registered */
    ZOOM_SCOPE_MISSING = 4711,             /* the token has none of the route's scopes */
    ZOOM_PAST_TOO_OLD = 12702,             /* a past meeting that started more than a year ago */
};

#endif
