# gunicorn reads this file from its working folder whenever it starts.
import multiprocessing

bind = "0.0.0.0:5000"
workers = min(4, multiprocessing.cpu_count())
accesslog = "-"
