class Limiter:
    def limit(self, rate: str):
        return lambda function: function


limiter = Limiter()
