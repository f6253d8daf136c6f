"""Upload handling: cut off oversized uploads while they stream in."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeCappedUploadHandler(FileUploadHandler):
    """Drop any uploaded file once it passes CLAIMDESK_MAX_UPLOAD_BYTES, before it fills the disk.

    The dropped file's field name is kept on `request.oversized_uploads` so the
    form can say why the file is missing.
    """

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0
        self.request.oversized_uploads = getattr(self.request, "oversized_uploads", set())

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.CLAIMDESK_MAX_UPLOAD_BYTES:
            self.request.oversized_uploads.add(self.field_name)
            raise SkipFile()
        return raw_data  # let the next handler store it

    def file_complete(self, file_size):
        return None  # the storing handler returns the file
