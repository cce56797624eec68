/* http_int.h - what http.c and http_req.c share and nobody else uses. */
#ifndef PAIRBOX_HTTP_INT_H
#define PAIRBOX_HTTP_INT_H

/* Free the form fields http_form() decoded on this thread (the request's
 * end). */
void http_form_values_free(void);

#endif
