"""Reporters turn findings into what people read: the annotated workbook copy and others."""
