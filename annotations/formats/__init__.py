"""Export and import formats: one module per format, no UI imports.

`export(source, format, out, filters)` streams one article at a time;
`import_path(store, format, path)` adds what is new and reports what is not.
"""

from annotations.formats.importing import ImportReport
from annotations.formats.records import ExportRecord, Filters, records
from annotations.formats.registry import (
    FORMATS,
    IMPORTABLE,
    ExportSummary,
    Format,
    Options,
    export,
    get_format,
    import_path,
)

__all__ = [
    "FORMATS",
    "IMPORTABLE",
    "ExportRecord",
    "ExportSummary",
    "Filters",
    "Format",
    "ImportReport",
    "Options",
    "export",
    "get_format",
    "import_path",
    "records",
]
